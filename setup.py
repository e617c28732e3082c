"""Build step that puts the bundled data and the notebooks inside the package.

``pyproject.toml`` holds the project's metadata; this file only extends ``build_py`` so that a
wheel carries ``data/`` and ``notebooks/`` as ``toolkit/data`` and ``toolkit/notebooks``, where
:mod:`toolkit.paths` finds them when there is no source checkout beside the package.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent
BUNDLED = {"data": ("*.csv", "*.xlsx", "*.toml", "*.md"), "notebooks": ("*.ipynb", "*.toml")}


class BuildWithData(build_py):
    def run(self):
        super().run()
        if self.editable_mode:  # an editable install reads data/ and notebooks/ from the checkout
            return
        for folder, patterns in BUNDLED.items():
            source = ROOT / folder
            for pattern in patterns:
                for path in source.rglob(pattern):
                    target = Path(self.build_lib) / "toolkit" / folder / path.relative_to(source)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, target)


setup(cmdclass={"build_py": BuildWithData})
