"""Word documents in the official layout (GB/T 9704-2012): bulletin, monthly statistics,
quarterly notice, annual assessment and shortfall notices.

``layout`` holds the shared page and type settings; one builder module per document;
``generate.write_report`` writes and records them.
"""
