"""A minimal function for the lambda-function module's examples: it reports which
published version served the request, so a blue/green canary can be watched.

Handler: ``hello_phi.handler.handler``.
"""
