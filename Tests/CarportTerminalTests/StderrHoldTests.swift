import CNcurses
import CarportTerminal
import Foundation
import Testing

/// The hold on a pipe instead of fd 2: the target is a `dup` of the pipe's write end, so the test
/// never touches the real stderr and needs no terminal.
@Suite struct StderrHoldTests {
    final class Pipe {
        let readEnd: Int32
        let target: Int32

        init() throws {
            var fds: [Int32] = [0, 0]
            try #require(pipe(&fds) == 0)
            readEnd = fds[0]
            target = fds[1]
            _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
        }

        deinit {
            close(readEnd)
            close(target)
        }

        func write(_ text: String) {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBytes { Glibc.write(target, $0.baseAddress, $0.count) } == bytes.count)
        }

        /// What is in the pipe now, without waiting.
        func drain() -> String {
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                bytes += chunk[..<count]
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    @Test func writesWhileHeldAreKeptAsideThenReplayed() throws {
        let pipe = try Pipe()
        pipe.write("before\n")
        let hold = try StderrHold(target: pipe.target)
        pipe.write("a stray warning\n")
        #expect(pipe.drain() == "before\n")
        hold.restore()
        #expect(pipe.drain() == "a stray warning\n")
        pipe.write("after\n")
        hold.restore()
        #expect(pipe.drain() == "after\n")
    }

    @Test func theSpoolIsPrivateAndUnlinked() throws {
        let pipe = try Pipe()
        let hold = try StderrHold(target: pipe.target)
        defer { hold.restore() }
        var status = stat()
        try #require(fstat(hold.spool, &status) == 0)
        #expect(status.st_nlink == 0)
        #expect(status.st_mode & 0o777 == 0o600)
    }

    @Test func theReplayIsBoundedToTheLastLines() throws {
        let pipe = try Pipe()
        let hold = try StderrHold(target: pipe.target, replayLimit: 1000)
        let lines = (0..<300).map { String(format: "line %04d\n", $0) }
        for line in lines { pipe.write(line) }
        hold.restore()
        let replayed = pipe.drain().split(separator: "\n", omittingEmptySubsequences: false)
        // 300 lines of 10 bytes; the last 1000 bytes are the last 100 lines, after the note. The
        // test process is shared, so tolerate one stray line another test's leftover wrote to a
        // reused descriptor: the note and the newest 99 lines must be there, in order.
        let note = try #require(replayed.first)
        #expect(note.hasPrefix("[carport: ") && note.hasSuffix(" earlier bytes of stderr output were dropped]"))
        let text = replayed.dropFirst().map { $0 + "\n" }.joined()
        #expect(text.contains(lines.suffix(99).joined()))
        #expect(text.utf8.count <= 1001)
    }

    @Test func oneLongLineIsCutMidLine() throws {
        let pipe = try Pipe()
        let hold = try StderrHold(target: pipe.target, replayLimit: 10)
        pipe.write(String(repeating: "x", count: 15) + "0123456789")
        hold.restore()
        #expect(pipe.drain() == "[carport: 15 earlier bytes of stderr output were dropped]\n0123456789")
    }

    @Test func nothingWrittenReplaysNothing() throws {
        let pipe = try Pipe()
        let hold = try StderrHold(target: pipe.target)
        hold.restore()
        #expect(pipe.drain().isEmpty)
    }

    /// The fatal-signal path (C, async-signal-safe) restores and replays the same way.
    @Test func theSignalPathRestoresAndReplaysInC() throws {
        let pipe = try Pipe()
        let hold = try StderrHold(target: pipe.target, replayLimit: 11)
        pipe.write("dropped\nthe last words\n")
        cn_set_held_stderr(hold.target, hold.saved, hold.spool, Int32(hold.replayLimit))
        cn_release_held_stderr()
        #expect(pipe.drain() == "last words\n")
        pipe.write("after\n")
        #expect(pipe.drain() == "after\n")
        hold.restore()
    }
}
