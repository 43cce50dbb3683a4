"""The trainer kit: commands for trainers who adapt and author workbooks.

``cocreate new-exercise``, ``check``, ``test-notebooks``, ``translations`` and
``demo --reset``; one module per command, the arguments in :mod:`.commands`.
Messages are English, like ``cocreate export``: the command line is a trainer's tool.
"""
