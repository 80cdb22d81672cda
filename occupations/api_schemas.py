"""JSON schemas of the wages the API shows (occupations/api.py, career pages' local_pay; docs/api.md).

Free of model imports, so that serializer fields named by models' `api_fields` can use them.
"""

# The figures BLS publishes per occupation and area, as the model's fields are named (occupations/models.py).
WAGE_FIGURES = (
    "h_mean",
    "a_mean",
    "h_pct10",
    "h_pct25",
    "h_median",
    "h_pct75",
    "h_pct90",
    "a_pct10",
    "a_pct25",
    "a_median",
    "a_pct75",
    "a_pct90",
)
WAGE_FIGURE_NAMES = ("employment", *WAGE_FIGURES)
# occupations.pay.figure_json: a number, or null with a marker ("*" not published; "#" top-coded).
FIGURE_SCHEMA = {
    "type": "object",
    "properties": {"value": {"type": ["number", "null"]}, "marker": {"type": "string"}},
    "required": ["value"],
    "additionalProperties": False,
}
FIGURES_SCHEMA = {
    "type": "object",
    "properties": dict.fromkeys(WAGE_FIGURE_NAMES, FIGURE_SCHEMA),
    "required": list(WAGE_FIGURE_NAMES),
    "additionalProperties": False,
}
# occupations.pay.area_json
AREA_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "title": {"type": "string"},
        "kind": {"type": "string", "enum": ["national", "state", "metro", "nonmetro"]},
    },
    "required": ["code", "title", "kind"],
    "additionalProperties": False,
}
# occupations.api.WagesField: one item per area.
WAGES_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"area": AREA_SCHEMA, "release": {"type": "integer"}, **FIGURES_SCHEMA["properties"]},
        "required": ["area", "release", *WAGE_FIGURE_NAMES],
        "additionalProperties": False,
    },
}
# career_pages.api_fields.CareerLocalPayField: null when BLS has no wages for the area.
LOCAL_PAY_SCHEMA = {
    "type": ["object", "null"],
    "properties": {
        "area": AREA_SCHEMA,
        "release": {
            "type": "object",
            "properties": {"year": {"type": "integer"}, "citation": {"type": "string"}},
            "required": ["year", "citation"],
            "additionalProperties": False,
        },
        "occupations": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "soc_code": {"type": "string"},
                    "title": {"type": "string"},
                    "area": {"type": "string"},
                    "release": {"type": "integer"},
                    "figures": {"oneOf": [FIGURES_SCHEMA, {"type": "null"}]},
                },
                "required": ["soc_code", "title", "area", "release", "figures"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["area", "release", "occupations"],
    "additionalProperties": False,
}
