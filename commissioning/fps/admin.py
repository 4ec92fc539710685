from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models

for model in [
    models.PurchasingSystem,
    models.Lot,
    models.ApplicationWindow,
    models.QuestionSection,
    models.Question,
    models.Application,
    models.Admission,
    models.Package,
    models.Bid,
]:
    admin.site.register(model, SimpleHistoryAdmin)
