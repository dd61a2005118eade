from django.contrib.auth.decorators import login_not_required
from django.urls import path

from aqiqat.web import api
from aqiqat.web.views import (
    account,
    exports,
    health,
    imports,
    interview,
    people,
    relink,
    review,
    suggest,
    sync,
    tracing,
    two_factor,
)

urlpatterns = [
    path("", people.home, name="home"),
    path("login/", login_not_required(account.LoginView.as_view()), name="login"),
    path("logout/", account.LogoutView.as_view(), name="logout"),
    path("account/password/", account.PasswordChangeView.as_view(), name="password-change"),
    path("account/two-factor/", two_factor.setup, name="two-factor-setup"),
    path("people/", people.person_list, name="person-list"),
    path("people/<uuid:person_id>/", people.person_detail, name="person-detail"),
    path("people/suggest/", suggest.suggest, name="person-suggest"),
    path("records/new/", interview.new_interview, name="interview-new"),
    path("export/", exports.export_records, name="export"),
    path("import/", imports.upload, name="import-upload"),
    path("import/<str:token>/", imports.check, name="import-check"),
    path("import/jobs/<str:job_id>/", imports.job, name="import-job"),
    path("search/", tracing.search_page, name="search"),
    path("api/search", tracing.search_api, name="search-api"),
    path("tracing/", tracing.desk, name="tracing-desk"),
    path("tracing/enquiries/new/", tracing.new_enquiry, name="tracing-enquiry-new"),
    path("tracing/enquiries/<uuid:request_id>/", tracing.enquiry_detail, name="tracing-enquiry"),
    path("tracing/enquiries/<uuid:request_id>/decide/", tracing.decide, name="tracing-decide"),
    path("tracing/enquiries/<uuid:request_id>/answer/", tracing.answer, name="tracing-answer"),
    path("review/", review.queue, name="review-queue"),
    path("review/decide/", review.decide, name="review-decide"),
    path("review/conflicts/settle/", sync.settle, name="review-settle"),
    path("review/relink/", relink.start, name="relink"),
    path("sync/", sync.peers, name="sync-peers"),
    path("review/relink/<str:job_id>/", relink.job, name="relink-job"),
    path("healthz", health.healthz, name="healthz"),
    path("api/v1/", api.urls()),
]
