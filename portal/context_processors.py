from django.conf import settings

from portal.navigation import items_for


def portal(request):
    return {
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
        "service_navigation": items_for(request),
    }
