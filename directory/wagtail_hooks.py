from wagtail.snippets.models import register_snippet

from directory.employer_admin import EmployerViewSet

register_snippet(EmployerViewSet)
