"""A Flask backend with the two routes of the Rust web form (`examples/web-form/`):

- ``POST /api/check``: the requirements checklist and the diagnostics, for live
  feedback as a person types;
- ``POST /api/submit``: the full validation, answered in the shape of the Tencent
  Cloud API (``{"Response": {"Error": {"Code", "Message"}, "RequestId"}}``).

Both take the form's JSON body (``instance_ids``, ``os``, ``facts``, ``profile``,
``password``, ``user_name``, ``force_stop``) and answer in the language of the
``Accept-Language`` header. Every rule, message and object comes from
``cvm_rules``; nothing here logs or echoes the password.

    pip install ./bindings/python flask
    flask --app bindings/python/examples/app.py run
"""

import json
import uuid
from typing import Any, Dict, List, Optional, Tuple

from flask import Flask, Response, jsonify, request

import cvm_rules

from cvm_rules import CheckResult, Lang, OsFamily

app = Flask(__name__)

OS_CHOICES: Dict[str, List[OsFamily]] = {"unknown": [], "linux": ["linux"], "ubuntu": ["ubuntu"], "windows": ["windows"]}


class FormError(Exception):
    """The form itself is unusable: no request was validated."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def form() -> Dict[str, Any]:
    """The form's JSON body; its errors never quote it (it holds the password)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise FormError("", "the body must be a JSON object")
    if body.get("os", "unknown") not in [*OS_CHOICES, "facts"]:
        raise FormError("os", "os must be unknown, linux, ubuntu, windows or facts")
    return body


def request_json(body: Dict[str, Any]) -> str:
    """The request of the form in the API 3.0 JSON form."""
    ids = body.get("instance_ids") or []
    req: Dict[str, Any] = {"InstanceIds": ids if isinstance(ids, list) else []}
    if body.get("password"):
        req["Password"] = body["password"]
    if body.get("user_name"):
        req["UserName"] = body["user_name"]
    if body.get("force_stop") is True:
        req["ForceStop"] = True
    return json.dumps(req)


def validate(body: Dict[str, Any], lang: Lang, facts_required: bool) -> Tuple[CheckResult, Optional[str]]:
    """The report of the form's request, and why the facts were not used (if so)."""
    os_choice = body.get("os", "unknown")
    profile = body.get("profile", "legacy-2017")
    facts = body.get("facts") if os_choice == "facts" else None
    try:
        return cvm_rules.check(request_json(body), profile=profile, os=OS_CHOICES.get(os_choice, []), facts=facts, lang=lang), None
    except (TypeError, cvm_rules.OptionsError) as error:
        if facts is None or facts_required:
            raise FormError("facts" if facts is not None else "profile", str(error)) from None
        # Unusable facts: the strictest policy, and why.
        report = cvm_rules.check(request_json(body), profile=profile, lang=lang)
        return report, str(error)


@app.post("/api/check")
def check() -> Tuple[Response, int]:
    lang = cvm_rules.negotiate_language(request.headers.get("Accept-Language", ""))
    try:
        body = form()
        report, facts_error = validate(body, lang, facts_required=False)
    except FormError as error:
        return form_error(error)
    policy = report["policy"]
    explained = cvm_rules.explain(
        profile=body.get("profile", "legacy-2017"),
        os=policy["families"] if policy["os_known"] else [],
        password=body.get("password") or None,
        user_name=body.get("user_name") or None,
        lang=lang,
    )
    checklist = {"requirements": explained["requirements"], "all_met": explained["all_met"]}
    # The accounts name instance ids and the user name: a form has them already.
    shown = {key: value for key, value in report.items() if key != "accounts"}
    return jsonify(locale=lang, checklist=checklist, report=shown, entropy=explained["entropy"], facts_error=facts_error), 200


@app.post("/api/submit")
def submit() -> Tuple[Response, int]:
    lang = cvm_rules.negotiate_language(request.headers.get("Accept-Language", ""))
    try:
        report, _ = validate(form(), lang, facts_required=True)
    except FormError as error:
        return form_error(error)
    answer: Dict[str, Any] = {"RequestId": str(uuid.uuid4())}
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    if errors:
        answer["Error"] = {"Code": errors[0]["code"], "Message": errors[0]["message"]}
    if report["diagnostics"]:
        answer["Diagnostics"] = report["diagnostics"]
    return jsonify(Response=answer), 200


def form_error(error: FormError) -> Tuple[Response, int]:
    return jsonify(FormError={"Field": error.field, "Message": error.message}), 400


@app.after_request
def harden(response: Response) -> Response:
    """Nothing is cached (answers concern a password being typed), sniffed or framed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
