"""The Meltano loader for each warehouse flavour: a full plugin definition (no Hub lookup).

Connection values come from the warehouse system in the spec: the host of its base URL, and its
credentials as `${ENV}` references (Meltano expands them at run time; the settings are marked
sensitive so `meltano config` redacts them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sfspec.generate.middleware.naming import default_env, env_name, hostname
from sfspec.model.systems import System


@dataclass(frozen=True)
class Setting:
    name: str
    sensitive: bool = False
    kind: str = ""


@dataclass(frozen=True)
class Loader:
    name: str
    namespace: str
    pip_url: str
    settings: tuple[Setting, ...]
    config: tuple[tuple[str, object], ...] = field(default_factory=tuple)


def _env(ref: str | None, system: str, what: str) -> str:
    return "${" + (env_name(ref) if ref else default_env(system, what)) + "}"


def loader_for(name: str, system: System) -> Loader:
    flavour = system.warehouse or "jsonl"
    auth = system.auth
    user = _env(auth.username if auth else None, name, "USER")
    password = _env(auth.password if auth else None, name, "PASSWORD")
    host = hostname(urlsplit(system.base_url).hostname or "") if system.base_url else ""
    host = host or "${" + default_env(name, "HOST") + "}"
    if flavour == "snowflake":
        account = host.split(".snowflakecomputing.com")[0]
        return Loader(
            "target-snowflake",
            "target_snowflake",
            "meltanolabs-target-snowflake==0.20.4",
            (
                Setting("account"),
                Setting("user"),
                Setting("password", True),
                Setting("private_key_path"),
                Setting("private_key_passphrase", True),
                Setting("database"),
                Setting("schema"),
                Setting("warehouse"),
                Setting("role"),
                Setting("load_method"),
            ),
            (
                ("account", account),
                ("user", user),
                ("password", password),
                ("database", "RAW"),
                ("schema", "SALESFORCE"),
                ("load_method", "upsert"),
            ),
        )
    if flavour == "postgres":
        return Loader(
            "target-postgres",
            "target_postgres",
            "meltanolabs-target-postgres==0.8.1",
            (
                Setting("host"),
                Setting("port", kind="integer"),
                Setting("user"),
                Setting("password", True),
                Setting("database"),
                Setting("default_target_schema"),
                Setting("load_method"),
            ),
            (
                ("host", host),
                ("user", user),
                ("password", password),
                ("database", "warehouse"),
                ("default_target_schema", "salesforce"),
                ("load_method", "upsert"),
            ),
        )
    if flavour == "bigquery":
        return Loader(
            "target-bigquery",
            "target_bigquery",
            "z3-target-bigquery==0.7.2",
            (Setting("project"), Setting("dataset"), Setting("credentials_path", True), Setting("method")),
            (
                ("project", "${" + default_env(name, "PROJECT") + "}"),
                ("dataset", "salesforce"),
                ("credentials_path", _env(auth.private_key if auth else None, name, "CREDENTIALS_PATH")),
                ("method", "batch_job"),
            ),
        )
    if flavour == "redshift":
        return Loader(
            "target-redshift",
            "target_redshift",
            "pipelinewise-target-redshift==1.6.0",
            (
                Setting("host"),
                Setting("user"),
                Setting("password", True),
                Setting("dbname"),
                Setting("default_target_schema"),
                Setting("s3_bucket"),
                Setting("aws_access_key_id", True),
                Setting("aws_secret_access_key", True),
            ),
            (
                ("host", host),
                ("user", user),
                ("password", password),
                ("dbname", "warehouse"),
                ("default_target_schema", "salesforce"),
                ("s3_bucket", "${" + default_env(name, "S3_BUCKET") + "}"),
                ("aws_access_key_id", _env(auth.access_key_id if auth else None, name, "AWS_ACCESS_KEY_ID")),
                (
                    "aws_secret_access_key",
                    _env(auth.secret_access_key if auth else None, name, "AWS_SECRET_ACCESS_KEY"),
                ),
            ),
        )
    if flavour == "duckdb":
        return Loader(
            "target-duckdb",
            "target_duckdb",
            "target-duckdb==0.8.0",
            (Setting("filepath"), Setting("default_target_schema")),
            (("filepath", "output/warehouse.duckdb"), ("default_target_schema", "salesforce")),
        )
    if flavour == "sqlite":
        return Loader(
            "target-sqlite",
            "target_sqlite",
            "target-sqlite==0.2.0",
            (Setting("database"),),
            (("database", "output/warehouse.db"),),
        )
    return JSONL


JSONL = Loader(
    "target-jsonl",
    "target_jsonl",
    "target-jsonl==0.1.4",
    (Setting("destination_path"),),
    (("destination_path", "output"),),
)
