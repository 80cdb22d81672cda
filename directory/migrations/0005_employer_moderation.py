"""Groups "Moderators" and "Editors", and the workflow "Employer listing moderation" for employers."""

from django.db import migrations

WORKFLOW_NAME = "Employer listing moderation"
TASK_NAME = "Moderators approve employer listing"
EMPLOYER_ACTIONS = {
    "Moderators": ["add", "change", "delete", "view", "publish", "lock", "unlock"],
    "Editors": ["add", "change", "view"],
}
# Editors write pages; Moderators may also publish them.
PAGE_ACTIONS = {"Moderators": ["add", "change", "publish"], "Editors": ["add", "change"]}


def _content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return content_type


def _permission(apps, content_type, codename, name):
    Permission = apps.get_model("auth", "Permission")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_moderation(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    employer_type = _content_type(apps, "directory", "employersnippet")
    admin_type = _content_type(apps, "wagtailadmin", "admin")
    access_admin = _permission(apps, admin_type, "access_admin", "Can access Wagtail admin")
    root_page = Page.objects.filter(depth=1).first()

    groups = {}
    for group_name, actions in EMPLOYER_ACTIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        groups[group_name] = group
        group.permissions.add(access_admin)
        for action in actions:
            group.permissions.add(
                _permission(apps, employer_type, f"{action}_employersnippet", f"Can {action} employer")
            )
        if root_page is not None:
            for action in PAGE_ACTIONS[group_name]:
                permission = Permission.objects.filter(
                    content_type__app_label="wagtailcore", codename=f"{action}_page"
                ).first()
                if permission is not None:
                    GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=permission)

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, active=True, content_type=_content_type(apps, "wagtailcore", "groupapprovaltask")
        )
    task.groups.add(groups["Moderators"])

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowContentType.objects.update_or_create(content_type=employer_type, defaults={"workflow": workflow})


def remove_moderation(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    GroupApprovalTask.objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_employers"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_moderation, remove_moderation)]
