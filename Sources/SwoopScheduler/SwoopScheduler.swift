/// The sweep scheduler loop and the `Scheduler` protocol custom schedulers implement.
enum SwoopSchedulerModule {}
