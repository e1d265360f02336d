"""Code shared by several Lambda packages (shipped in their zips via ``build.toml``).

A function that uses it lists it in ``lambda_src/<package>/build.toml``::

    include = ["phi_common"]
"""
