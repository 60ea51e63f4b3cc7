"""The table where the probe tasks (`tests.tasks.probe`) write their effects."""

TABLE = "probe_effect"

CREATE_TABLE = f"CREATE TABLE {TABLE} (key varchar(100) NOT NULL, pid integer NOT NULL, at float)"
