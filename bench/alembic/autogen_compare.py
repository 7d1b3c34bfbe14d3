"""Times Alembic's autogenerate comparison, as `alembic revision --autogenerate` runs it.

    python3 autogen_compare.py DBNAME MODELS.pickle [OUT.py]

Loads the models (a pickled MetaData from reflect_models.py), connects to
database DBNAME (the "before" schema; libpq's PG* environment), and runs
alembic.autogenerate.produce_migrations with compare_type=True and
compare_server_default=True: Alembic's whole comparison, including every
query it sends to the database. That call alone is "compare_s". Rendering
the upgrade operations as Python (what the revision file would hold) is
"render_s". Not in either: interpreter start, imports, loading the models,
connecting. Prints key=value lines: the two times, the number of queries
sent during the comparison, and the detected differences in total and per
kind (as compare_metadata would list them, one per column attribute).
"""
import pickle
import sys
import time
import warnings

import sqlalchemy as sa
from alembic.autogenerate import produce_migrations, render_python_code
from alembic.migration import MigrationContext


def flatten(diffs):
    for d in diffs:
        if isinstance(d, list):
            yield from flatten(d)
        else:
            yield d


def main():
    if len(sys.argv) not in (3, 4):
        print("usage: autogen_compare.py DBNAME MODELS.pickle [OUT.py]", file=sys.stderr)
        return 2
    dbname, models = sys.argv[1], sys.argv[2]
    warnings.filterwarnings("ignore", category=sa.exc.SAWarning)
    with open(models, "rb") as f:
        metadata = pickle.load(f)
    engine = sa.create_engine("postgresql+psycopg2:///" + dbname)
    queries = [0]

    @sa.event.listens_for(engine, "before_cursor_execute")
    def count(*_args):
        queries[0] += 1

    with engine.connect() as conn:
        q0 = queries[0]
        t0 = time.perf_counter()
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                "target_metadata": metadata,
            },
        )
        script = produce_migrations(context, metadata)
        t1 = time.perf_counter()
        nqueries = queries[0] - q0
        code = render_python_code(script.upgrade_ops)
        t2 = time.perf_counter()
    engine.dispose()
    if len(sys.argv) == 4:
        with open(sys.argv[3], "w") as f:
            f.write(code)
    kinds = {}
    total = 0
    for d in flatten(script.upgrade_ops.as_diffs()):
        kinds[d[0]] = kinds.get(d[0], 0) + 1
        total += 1
    print("compare_s=%.4f" % (t1 - t0))
    print("render_s=%.4f" % (t2 - t1))
    print("queries=%d" % nqueries)
    print("diffs=%d" % total)
    for k in sorted(kinds):
        print("diff_%s=%d" % (k, kinds[k]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
