import CarportCore
import Foundation
import Testing

@testable import CarportApp

/// `CARPORT_CALLBACK_PAGE` / `callback_page`: where the customer's browser lands after Connect.
struct ConfigurationCallbackPageTests {
    @Test func theCatcherUnlessTheHostedPageIsChosen() throws {
        let none = try Configuration.load(environment: ConfigurationTests.home, readFile: ConfigurationTests.files([:]))
        #expect(none.callbackPage == .catcher)
        let file = ConfigurationTests.files([ConfigurationTests.configPath: #"callback_page = "hosted""#])
        #expect(try Configuration.load(environment: ConfigurationTests.home, readFile: file).callbackPage == .hosted)
        let env = ConfigurationTests.home.merging(["CARPORT_CALLBACK_PAGE": "catcher"]) { $1 }
        #expect(try Configuration.load(environment: env, readFile: file).callbackPage == .catcher)
    }

    @Test func anUnknownValueNamesTheVariableAndTheKey() {
        let env = ConfigurationTests.home.merging(["CARPORT_CALLBACK_PAGE": "phone"]) { $1 }
        #expect {
            try Configuration.load(environment: env, readFile: ConfigurationTests.files([:]))
        } throws: { error in
            let message = (error as? CarportError)?.message ?? ""
            return message.contains("CARPORT_CALLBACK_PAGE (or `callback_page`")
                && message.contains("must be catcher or hosted; got `phone`")
        }
    }
}
