import Foundation
import Testing

@testable import CarportTerminal

/// A terminal that went away (the pty's other side closed: a killed tmux pane, a dropped SSH
/// session) is seen as hung up, so the UI loop ends instead of reading nothing forever.
struct HangUpTests {
    @Test func aPtyWhoseOtherSideClosedHasHungUp() throws {
        // posix_openpt and friends are not imported into Swift: /dev/ptmx and Linux's two ioctls
        // (TIOCSPTLCK, TIOCGPTN: _IOW/_IOR('T', 0x31/0x30, int), the same on x86_64 and arm64).
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        try #require(master >= 0)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        try #require(ioctl(master, 0x4004_5431, &unlock) == 0 && ioctl(master, 0x8004_5430, &number) == 0)
        let terminal = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        try #require(terminal >= 0)
        defer { close(terminal) }
        #expect(!TerminalScreen.hungUp(terminal), "an open terminal with no key waiting")
        close(master)
        #expect(TerminalScreen.hungUp(terminal))
        let closed = open("/dev/null", O_RDONLY)
        close(closed)
        #expect(TerminalScreen.hungUp(closed), "a descriptor that is no longer open")
    }
}
