import CarportCallback
import Testing

@Suite struct SSHTunnelHintTests {
    @Test func namesTheServerAddressAndTheUser() {
        let env = ["SSH_CONNECTION": "203.0.113.7 51234 198.51.100.20 22", "USER": "ops"]
        #expect(SSHTunnelHint.command(port: 8000, environment: env) == "ssh -L 8000:localhost:8000 ops@198.51.100.20")
    }

    @Test func addsTheSSHPortWhenItIsNot22() {
        let env = ["SSH_CONNECTION": "2001:db8::1 51234 2001:db8::2 2222", "LOGNAME": "ops"]
        #expect(
            SSHTunnelHint.command(port: 8123, environment: env) == "ssh -p 2222 -L 8123:localhost:8123 ops@2001:db8::2")
    }

    @Test(arguments: [[:], ["SSH_CONNECTION": "garbage"], ["SSH_CONNECTION": "a b c notaport"]])
    func noHintWithoutAUsableSSHConnection(_ env: [String: String]) {
        #expect(SSHTunnelHint.command(port: 8000, environment: env) == nil)
    }
}
