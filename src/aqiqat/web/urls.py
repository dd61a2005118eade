from django.contrib.auth import views as auth_views
from django.urls import path

from aqiqat.web.views import exports, health, imports, interview, people, suggest

urlpatterns = [
    path("", people.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("people/", people.person_list, name="person-list"),
    path("people/<uuid:person_id>/", people.person_detail, name="person-detail"),
    path("people/suggest/", suggest.suggest, name="person-suggest"),
    path("records/new/", interview.new_interview, name="interview-new"),
    path("export/", exports.export_records, name="export"),
    path("import/", imports.upload, name="import-upload"),
    path("import/<str:token>/", imports.check, name="import-check"),
    path("import/jobs/<str:job_id>/", imports.job, name="import-job"),
    path("healthz", health.healthz, name="healthz"),
]
