import CCurl
import Foundation

/// One curl multi handle and the thread that drives it: `curl_multi_perform` then
/// `curl_multi_poll`, woken by `curl_multi_wakeup` when a transfer is queued or cancelled.
/// Only that thread touches the multi and easy handles; callers hand work over under `lock`.
/// Finished easy handles are reset and reused; connections stay in the multi's cache.
final class CurlMultiLoop: @unchecked Sendable {
    private static let globalInit: CURLcode = cc_global_init()
    private static let spareLimit = 16

    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    // Guarded by `lock`.
    private var queued: [CurlTransfer] = []
    private var cancelled: [CurlTransfer] = []
    private var stopping = false
    private var closed = false
    // The loop thread's own.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var spare: [UnsafeMutableRawPointer] = []

    init(maxConnectionsPerHost: Int) {
        _ = Self.globalInit
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
        self.multi = multi
        _ = cc_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, maxConnectionsPerHost))
        let thread = Thread { [self] in run() }
        thread.name = "carport-curl"
        thread.start()
    }

    /// Queues `transfer`; `continuation` is resumed on the loop thread when it ends.
    func start(_ transfer: CurlTransfer, _ continuation: CheckedContinuation<CurlTransfer.Outcome, Error>) {
        lock.lock()
        if transfer.cancelRequested || stopping {
            lock.unlock()
            continuation.resume(
                throwing: transfer.cancelRequested
                    ? CancellationError() as Error
                    : TransportFailure(.notSent, "the transport was shut down"))
            return
        }
        transfer.continuation = continuation
        queued.append(transfer)
        wakeUpLocked()
        lock.unlock()
    }

    /// Ends `transfer` with `CancellationError` (`.answerLost` once its request went out), unless it already ended.
    func cancel(_ transfer: CurlTransfer) {
        lock.lock()
        transfer.cancelRequested = true
        cancelled.append(transfer)
        wakeUpLocked()
        lock.unlock()
    }

    /// Ends the thread and frees the handles.
    func stop() {
        lock.lock()
        stopping = true
        wakeUpLocked()
        lock.unlock()
    }

    private func wakeUpLocked() {
        if !closed { _ = curl_multi_wakeup(multi) }
    }

    private func run() {
        var running: Int32 = 0
        while true {
            lock.lock()
            let newcomers = queued.map { ($0, $0.cancelRequested) }
            let cancels = cancelled
            let stop = stopping
            queued.removeAll(keepingCapacity: true)
            cancelled.removeAll()
            lock.unlock()

            for (transfer, wasCancelled) in newcomers {
                if wasCancelled { finish(transfer, .failure(CancellationError())) } else { begin(transfer) }
            }
            for transfer in cancels where transfer.easy != nil {
                // Once a byte of the request is out, the server may act on it: say so, as for any lost answer.
                let sent = transfer.mayHaveBeenSent(failure: nil)
                detach(transfer)
                finish(
                    transfer,
                    .failure(
                        sent
                            ? TransportFailure(.answerLost, "cancelled after the request was sent")
                            : CancellationError()))
            }
            if stop {
                shutDown()
                return
            }
            _ = curl_multi_perform(multi, &running)
            collectFinished()
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    private func begin(_ transfer: CurlTransfer) {
        guard let handle = spare.popLast() ?? curl_easy_init() else {
            finish(transfer, .failure(TransportFailure(.notSent, "could not start a transfer")))
            return
        }
        transfer.easy = handle
        guard transfer.configure(handle), curl_multi_add_handle(multi, handle) == CURLM_OK else {
            recycle(handle)
            transfer.releaseCurlState()
            finish(transfer, .failure(TransportFailure(.notSent, "the request could not be prepared")))
            return
        }
        active[handle] = transfer
    }

    private func collectFinished() {
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                let transfer = active[handle]
            else { continue }
            let result = transfer.outcome(message.pointee.data.result)
            detach(transfer)
            finish(transfer, result)
        }
    }

    private func detach(_ transfer: CurlTransfer) {
        guard let handle = transfer.easy else { return }
        _ = curl_multi_remove_handle(multi, handle)
        active[handle] = nil
        transfer.releaseCurlState()
        recycle(handle)
    }

    private func recycle(_ handle: UnsafeMutableRawPointer) {
        if spare.count < Self.spareLimit {
            curl_easy_reset(handle)
            spare.append(handle)
        } else {
            curl_easy_cleanup(handle)
        }
    }

    private func finish(_ transfer: CurlTransfer, _ result: Result<CurlTransfer.Outcome, Error>) {
        lock.lock()
        let continuation = transfer.continuation
        transfer.continuation = nil
        lock.unlock()
        continuation?.resume(with: result)
    }

    private func shutDown() {
        for transfer in Array(active.values) {
            detach(transfer)
            finish(transfer, .failure(TransportFailure(.answerLost, "the transport was shut down")))
        }
        lock.lock()
        closed = true
        lock.unlock()
        for handle in spare { curl_easy_cleanup(handle) }
        spare.removeAll()
        _ = curl_multi_cleanup(multi)
    }
}
