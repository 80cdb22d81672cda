"""schemathesis against the live server: every operation of /api/v2/schema/, with generated parameters, must
answer as the schema says (status codes, content types, headers, bodies) and never 5xx.

Runs in CI on SQLite and on PostgreSQL (`make test` on each). Bounded: SCHEMATHESIS_EXAMPLES cases per operation
and generation mode (positive: values the schema allows; negative: values it does not, which must be a 4xx).
"""

import json
import os
import urllib.request

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.docs_data import docs_fixture_data

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "25"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
NEGATIVE_CHECKS = [*CHECKS, negative_data_rejection]


def run_operation(operation, mode, base_url, session, data):
    # Real ids in path parameters half of the time, so details are found, not only 404s.
    known_ids = [data[key] for key in ("career_id", "training_id", "employer_id", "image_id", "document_id")]
    strategy = operation.as_strategy(generation_mode=mode)
    checks = NEGATIVE_CHECKS if mode is GenerationMode.NEGATIVE else CHECKS

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case):
        if case.path_parameters and "id" in case.path_parameters and mode is GenerationMode.POSITIVE:
            value = case.path_parameters["id"]
            if isinstance(value, int) and value % 2 == 0:
                case.path_parameters["id"] = known_ids[value % len(known_ids)]
        case.call_and_validate(base_url=base_url, session=session, checks=checks, allow_redirects=False)

    print(operation.label, mode.value, flush=True)
    check()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_operation_conforms_to_the_schema(live_server, tmp_path):
    data = docs_fixture_data(tmp_path)
    with urllib.request.urlopen(live_server.url + "/api/v2/schema/?format=json", timeout=60) as response:  # noqa: S310
        raw = json.load(response)
    schema = schemathesis.openapi.from_dict(raw)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14, [operation.label for operation in operations]
    session = requests.Session()
    for operation in operations:
        run_operation(operation, GenerationMode.POSITIVE, live_server.url, session, data)
        if list(operation.iter_parameters()):
            # Only an operation with parameters can be sent values its schema does not allow.
            run_operation(operation, GenerationMode.NEGATIVE, live_server.url, session, data)
