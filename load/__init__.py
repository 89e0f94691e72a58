"""`peergroup load`: simulated rooms and participants against one node or a cluster.

Open-loop arrival, fan-out latency and loss per seq, HDR percentiles, JSON and HTML reports.
"""
