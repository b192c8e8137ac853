import Foundation

/// Sending the refresh grant (docs/SMARTCAR.md §4.5, §6.6).
extension RefreshEngine {
    /// Whether `error` is a 5xx answer from the token service: the request reached a server, and
    /// a gateway may have failed after Smartcar rotated the pair.
    static func mayHideRotation(_ error: Error) -> Bool {
        guard let failure = error as? CarportError, failure.kind == .transient,
            let status = failure.details?.statusCode
        else { return false }
        return (500..<600).contains(status)
    }

    /// Sends the grant; after a 5xx sends it once more at once with the same refresh token, while
    /// Smartcar's grace window still takes a token it may just have rotated. A second failure
    /// that is not a rejection is an answer that may be lost, never "the old pair is kept".
    func send(_ refreshToken: Secret) async -> Result<TokenPair, Error> {
        do {
            return .success(try await api.refresh(refreshToken))
        } catch let first {
            guard Self.mayHideRotation(first) else { return .failure(first) }
            do {
                return .success(try await api.refresh(refreshToken))
            } catch let second {
                let failure =
                    second as? CarportError ?? CarportError(.transient, "The token service gave no usable answer.")
                if failure.kind == .authorizationRevoked || failure.kind == .answerLost { return .failure(failure) }
                let firstMessage = (first as? CarportError)?.message ?? "The token service gave no usable answer."
                return .failure(
                    CarportError(
                        .answerLost,
                        """
                        Smartcar's token service failed after receiving the refresh (\(firstMessage)), and again \
                        when it was sent once more (\(failure.message)); it may have rotated the pair
                        """, details: failure.details))
            }
        }
    }
}
