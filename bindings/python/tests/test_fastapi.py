"""The result types as FastAPI's `response_model` (pydantic reads them: they are
`typing_extensions.TypedDict`s before Python 3.12), each route's JSON the
package's answer, and the OpenAPI schema built from them."""

from typing import Any, Dict

from fastapi import FastAPI
from fastapi.testclient import TestClient

import cvm_rules
from cvm_rules import CheckResult, ExplainResult, GenerateResult, PasswordResult

SEED = "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password=abc123"
validator = cvm_rules.Validator(profile="api3", os=["linux"], lang="zh-CN")
app = FastAPI()


@app.post("/check", response_model=CheckResult)
def check(body: Dict[str, Any]) -> CheckResult:
    return validator.check(body["request"])


@app.post("/password", response_model=PasswordResult)
def password(body: Dict[str, Any]) -> PasswordResult:
    return validator.check_password(body["password"])


@app.get("/explain", response_model=ExplainResult)
def explain() -> ExplainResult:
    return validator.explain(length=20)


@app.get("/generate", response_model=GenerateResult)
def generate() -> GenerateResult:
    return validator.generate(length=20)


client = TestClient(app)


def test_each_result_type_is_a_response_model() -> None:
    assert client.post("/check", json={"request": SEED}).json() == validator.check(SEED)
    assert client.post("/password", json={"password": "abc"}).json() == validator.check_password("abc")
    assert client.get("/explain").json() == validator.explain(length=20)
    generated = client.get("/generate").json()
    assert len(generated["passwords"][0]) == 20
    assert validator.check_password(generated["passwords"][0])["valid"] is True


def test_the_openapi_schema_names_the_result_types() -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    for name in ["CheckResult", "PasswordResult", "ExplainResult", "GenerateResult", "Diagnostic", "PolicyJson"]:
        assert name in schemas, sorted(schemas)
    assert schemas["PasswordResult"]["required"] == ["valid", "profile", "policy", "diagnostics"]
