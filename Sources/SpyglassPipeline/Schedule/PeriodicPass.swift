import Logging
import ServiceLifecycle

/// Runs `pass` every `interval` until graceful shutdown, which also cuts the
/// wait between passes short. A failed pass is logged; the next one runs anyway.
func runPeriodically(
    every interval: Duration, logger: Logger, failure message: Logger.Message,
    _ pass: @escaping @Sendable () async throws -> Void
) async {
    try? await cancelWhenGracefulShutdown {
        while !Task.isCancelled {
            do {
                try await pass()
            } catch {
                logger.error(message, metadata: ["error": "\(error)"])
            }
            try await Task.sleep(for: interval)
        }
    }
}
