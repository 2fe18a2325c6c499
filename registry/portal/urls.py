from django.urls import path

from .views import admission, analogs, applications, batches, documents, entries, tokens

app_name = "portal"

urlpatterns = [
    path("", applications.home, name="home"),
    path("entries/", entries.entry_list, name="entries"),
    path("applications/new/", applications.new, name="new"),
    path("applications/<int:pk>/", applications.detail, name="application"),
    path("applications/<int:pk>/edit/", applications.edit, name="edit"),
    path("applications/<int:pk>/submit/", applications.submit, name="submit"),
    path("applications/<int:pk>/withdraw/", applications.withdraw, name="withdraw"),
    path("applications/<int:pk>/documents/", documents.upload, name="upload"),
    path("applications/<int:pk>/documents/<int:document_pk>/", documents.download,
         name="document"),
    path("applications/<int:pk>/documents/<int:document_pk>/remove/", documents.remove,
         name="remove-document"),
    path("analogs/upload/", analogs.upload, name="analogs-upload"),
    path("analogs/<str:token>/", analogs.preview, name="analogs-preview"),
    path("batches/", batches.upload, name="batches"),
    path("batches/template.<str:extension>", batches.template, name="batch-template"),
    path("batches/<int:pk>/", batches.detail, name="batch"),
    path("batches/<int:pk>/act/", batches.act, name="batch-act"),
    path("admission/", admission.admission, name="admission"),
    path("tokens/", tokens.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", tokens.revoke, name="revoke-token"),
]
