"""The adapter around the pure core: sockets, HTTP, the durable log, timers, the bus."""
