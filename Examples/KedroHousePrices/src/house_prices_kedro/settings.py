"""Project settings (https://docs.kedro.org/en/stable/kedro_project_setup/settings.html).

`${env:NAME, default}` in catalog.yml and parameters.yml reads an environment variable, the
syntax the Swift catalog uses for the same entries (Kedro's own `oc.env` is allowed only in
credentials.yml); credentials.yml keeps `oc.env`.
"""

import os

from kedro.config import OmegaConfigLoader

from house_prices_kedro.hooks import NodeTimingHooks


def _env(name: str, default=None):
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise KeyError(f"${{env:{name}}}: the environment variable {name} is not set and there is no default")
        return default
    return value


HOOKS = (NodeTimingHooks(),)

CONFIG_LOADER_CLASS = OmegaConfigLoader
CONFIG_LOADER_ARGS = {
    "base_env": "base",
    "default_run_env": "local",
    "custom_resolvers": {"env": _env},
}
