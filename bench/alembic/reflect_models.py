"""Builds the SQLAlchemy models Alembic compares against: the "after" schema.

    python3 reflect_models.py DBNAME OUT.pickle

Reflects every table of database DBNAME (connection from libpq's PG*
environment) into one MetaData, as a project's models module would declare
them, and pickles it, so the timed run (autogen_compare.py) loads the models
without reflecting anything. Not timed by the benchmark.
"""
import pickle
import re
import sys
import warnings

import sqlalchemy as sa


STRING_LITERAL = re.compile(r"'((?:[^']|'')*)'(?:::[A-Za-z_][\w .]*)?")


def write_defaults_as_users_do(metadata):
    """Turns reflected string defaults ("'n/a'::character varying") into the
    plain values a models module declares (server_default="n/a"). Alembic
    renders a String column's default from the model by stripping quotes,
    which breaks on the reflected cast form; other defaults stay sa.text().
    Returns the number of defaults rewritten."""
    n = 0
    for table in metadata.tables.values():
        for col in table.columns:
            sd = col.server_default
            if not isinstance(sd, sa.DefaultClause) or isinstance(sd.arg, str):
                continue
            if col.type._type_affinity is not sa.String:
                continue
            m = STRING_LITERAL.fullmatch(sd.arg.text)
            if m:
                sa.DefaultClause(m.group(1).replace("''", "'"))._set_parent_with_dispatch(col)
                n += 1
    return n


def main():
    if len(sys.argv) != 3:
        print("usage: reflect_models.py DBNAME OUT.pickle", file=sys.stderr)
        return 2
    dbname, out = sys.argv[1], sys.argv[2]
    # SQLAlchemy 1.4 skips expression indexes with a warning per index.
    warnings.filterwarnings("ignore", category=sa.exc.SAWarning)
    engine = sa.create_engine("postgresql+psycopg2:///" + dbname)
    metadata = sa.MetaData()
    metadata.reflect(bind=engine)
    engine.dispose()
    nplain = write_defaults_as_users_do(metadata)
    with open(out, "wb") as f:
        pickle.dump(metadata, f, protocol=pickle.HIGHEST_PROTOCOL)
    print("tables=%d" % len(metadata.tables))
    print("plain_string_defaults=%d" % nplain)
    return 0


if __name__ == "__main__":
    sys.exit(main())
