import AsyncHTTPClient
import NIOCore
import NIOHTTPCompression
import NIOPosix
import SpyglassPorts

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension FetchFailure {
    /// Whatever went wrong, as the one error type the ports promise, with a
    /// one-line message that names the host.
    static func from(_ error: any Error, talkingTo host: String) -> FetchFailure {
        if let failure = error as? FetchFailure { return failure }
        if error is CancellationError {
            return FetchFailure(.network, "the request to \(host) was cancelled")
        }
        if let clientError = error as? HTTPClientError {
            return from(clientError, talkingTo: host)
        }
        if let decompressionError = error as? NIOHTTPDecompression.DecompressionError {
            if decompressionError == .limit {
                return FetchFailure(.bodyTooLarge, "the answer from \(host) decompresses beyond the size limit")
            }
            return FetchFailure(.network, "the answer from \(host) has a corrupt compressed body")
        }
        if error is NIOHTTPDecompression.ExtraDecompressionError {
            return FetchFailure(.network, "the answer from \(host) has a corrupt compressed body")
        }
        if let channelError = error as? ChannelError, case .connectTimeout = channelError {
            return FetchFailure(.timeout, "connecting to \(host) timed out")
        }
        if let connectionError = error as? NIOConnectionError {
            if let ioError = connectionError.connectionErrors.lazy.compactMap({ $0.error as? IOError }).first {
                return from(errno: ioError.errnoCode, talkingTo: host)
            }
            return FetchFailure(.network, "could not connect to \(host)")
        }
        if let ioError = error as? IOError {
            return from(errno: ioError.errnoCode, talkingTo: host)
        }
        return FetchFailure(.network, "request to \(host) failed: \(Shown.text(String(describing: error), limit: 100))")
    }

    private static func from(errno code: Int32, talkingTo host: String) -> FetchFailure {
        switch code {
        case ECONNREFUSED: return FetchFailure(.network, "\(host) refused the connection")
        case ECONNRESET: return FetchFailure(.network, "\(host) reset the connection")
        case ETIMEDOUT: return FetchFailure(.timeout, "connecting to \(host) timed out")
        case EHOSTUNREACH, ENETUNREACH: return FetchFailure(.network, "\(host) is unreachable")
        default: return FetchFailure(.network, "connection to \(host) failed: \(String(cString: strerror(code)))")
        }
    }

    private static func from(_ error: HTTPClientError, talkingTo host: String) -> FetchFailure {
        switch error {
        case .connectTimeout, .tlsHandshakeTimeout:
            return FetchFailure(.timeout, "connecting to \(host) timed out")
        case .deadlineExceeded, .readTimeout, .writeTimeout, .getConnectionFromPoolTimeout:
            return FetchFailure(.timeout, "\(host) did not answer in time")
        case .remoteConnectionClosed:
            return FetchFailure(.network, "\(host) closed the connection before answering")
        case .invalidURL, .emptyHost, .emptyScheme:
            return FetchFailure(.invalidURL, "the URL could not be used: \(error)")
        default:
            return FetchFailure(.network, "request to \(host) failed: \(Shown.text(String(describing: error), limit: 100))")
        }
    }
}
