/// Lease queue items and run them on a resource: supervise, stream logs, heartbeat, stop.
enum SwoopAgentModule {}
