from wagtail.snippets.models import register_snippet

from directory.employers.viewsets import EmployerViewSet

register_snippet(EmployerViewSet)
