"""Write what a database holds as JSON (upgrade_facts.collect), with the code of this checkout.

DATABASE_URL=... python tests/upgrade/collect_facts.py OUT.json
"""

import json
import sys
from pathlib import Path

sys.path.insert(1, str(Path(__file__).resolve().parents[2]))

import upgrade_facts


def main():
    upgrade_facts.django_setup()
    facts = upgrade_facts.collect(upgrade_facts.client_factory())
    Path(sys.argv[1]).write_text(json.dumps(facts, indent=1, sort_keys=True, default=str))


if __name__ == "__main__":
    main()
