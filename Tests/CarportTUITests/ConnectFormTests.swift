import CarportCore
import CarportTUI
import CarportTestSupport
import Testing

/// The Connect form's VIN field and the compatibility review, as key presses and results.
@Suite struct ConnectFormTests {
    static let vin = "5YJ3E1EA7NF100001"

    static let report = CompatibilityReport(
        query: CompatibilityQuery(vin: vin, country: "US", permissions: ["read_vin", "read_fuel", "read_battery"]),
        answer: CompatibilityAnswer(
            compatible: true, reason: nil,
            capabilities: [
                .init(permission: "read_vin", endpoint: "/vin", capable: true, reason: nil),
                .init(permission: "read_fuel", endpoint: "/fuel", capable: false, reason: "VEHICLE_NOT_CAPABLE"),
                .init(permission: "read_battery", endpoint: "/battery", capable: true, reason: nil),
            ]))

    static func type(_ state: inout State, _ text: String) {
        for c in text { press(&state, .char(c)) }
    }

    static func connect(_ state: State) -> ConnectScreen? {
        if case .connect(let connect) = state.screen { return connect }
        return nil
    }

    @Test func withoutAVINConnectStartsAtOnce() {
        var state = Fixtures.state()
        press(&state, .char("n"))
        Self.type(&state, "Hana")
        #expect(press(&state, .enter) == [.startConnect(.newConnection(customer: "Hana"))])
    }

    @Test func aMalformedVINStaysOnTheFormWithTheReason() {
        var state = Fixtures.state()
        press(&state, .char("n"))
        Self.type(&state, "Hana")
        press(&state, .tab)
        Self.type(&state, "5yj3e1ea7nf10000o")
        #expect(press(&state, .enter).isEmpty)
        let connect = Self.connect(state)
        #expect(connect?.vin == "5YJ3E1EA7NF10000O")
        #expect(connect?.notice?.contains("which VINs never use") == true)
        #expect(connect?.phase == .naming("Hana"))
    }

    @Test func theCheckRunsFirstThenDropAndSingleSelectShapeTheRequest() {
        var state = Fixtures.state()
        press(&state, .char("n"))
        Self.type(&state, "Hana")
        press(&state, .tab)
        Self.type(&state, Self.vin)
        #expect(press(&state, .enter) == [.checkCompatibility(vin: Self.vin)])
        #expect(Self.connect(state)?.phase == .checking)
        _ = reduce(&state, .connect(.checked(.success(Self.report))))
        #expect(Self.connect(state)?.phase == .reviewing(Self.report))
        #expect(Self.connect(state)?.choices == ConnectChoices(singleSelectVIN: Self.vin))

        #expect(press(&state, .char("d")).isEmpty)
        #expect(Self.connect(state)?.notice == "Dropped read_fuel from the request.")
        press(&state, .char("d"))
        #expect(Self.connect(state)?.notice?.hasPrefix("Nothing to drop") == true)
        press(&state, .char("v"))
        press(&state, .char("v"))
        let choices = ConnectChoices(scopes: ["read_vin", "read_battery"], singleSelectVIN: Self.vin)
        #expect(press(&state, .enter) == [.startConnect(.newConnection(customer: "Hana"), choices)])
    }

    @Test func theCountryFieldTakesTwoLettersAndTravelsWithTheChoices() {
        var state = Fixtures.state()
        press(&state, .char("n"))
        Self.type(&state, "Jonas")
        press(&state, .tab, .tab)
        Self.type(&state, "ukx")
        #expect(Self.connect(state)?.country == "UK")
        #expect(press(&state, .enter).isEmpty)
        #expect(Self.connect(state)?.notice?.contains("GB for the United Kingdom") == true)
        #expect(Self.connect(state)?.field == .country)
        press(&state, .backspace, .backspace)
        Self.type(&state, "de")
        #expect(
            press(&state, .enter) == [.startConnect(.newConnection(customer: "Jonas"), ConnectChoices(country: "DE"))])
    }

    /// With both kinds of app configured the form has a Kind field (v3 by default, Space switches);
    /// with one kind there is none and Tab wraps from Flags to Customer.
    @Test func theKindFieldAppearsOnlyWhenBothKindsAreConfigured() {
        var state = Fixtures.state()
        state.applicationKinds = [.classic, .v3]
        press(&state, .char("n"))
        Self.type(&state, "Jonas")
        press(&state, .tab, .tab, .tab, .tab)
        #expect(Self.connect(state)?.field == .kind && Self.connect(state)?.kind == .v3)
        let shown = render(state, Size(width: 80, height: 24)).snapshot
        #expect(shown.contains("Kind") && shown.contains("v3 (Space: classic)"), "\(shown)")
        press(&state, .char(" "))
        #expect(Self.connect(state)?.kind == .classic)
        var classic = ConnectChoices()
        classic.kind = .classic
        #expect(press(&state, .enter) == [.startConnect(.newConnection(customer: "Jonas"), classic)])

        var single = Fixtures.state()
        single.applicationKinds = [.v3]
        press(&single, .char("n"))
        press(&single, .tab, .tab, .tab, .tab)
        #expect(Self.connect(single)?.field == .customer)
        #expect(!render(single, Size(width: 80, height: 24)).snapshot.contains("Kind"))
    }

    @Test func otherFlagsAreCheckedAndPassedThrough() {
        var state = Fixtures.state()
        press(&state, .char("n"))
        Self.type(&state, "Jonas")
        press(&state, .tab, .tab, .tab)
        Self.type(&state, "tesla auth")
        #expect(press(&state, .enter).isEmpty)
        #expect(Self.connect(state)?.notice?.contains("name:value without spaces") == true)
        #expect(Self.connect(state)?.field == .flags)
        for _ in 0..<10 { press(&state, .backspace) }
        Self.type(&state, "tesla_auth:true")
        #expect(
            press(&state, .enter) == [
                .startConnect(.newConnection(customer: "Jonas"), ConnectChoices(flags: ["tesla_auth:true"]))
            ])
    }

    @Test func theCountryStaysThroughTheCompatibilityReview() {
        var state = Fixtures.state()
        press(&state, .char("n"))
        Self.type(&state, "Jonas")
        press(&state, .tab)
        Self.type(&state, Self.vin)
        press(&state, .tab)
        Self.type(&state, "ca")
        #expect(press(&state, .enter) == [.checkCompatibility(vin: Self.vin)])
        _ = reduce(&state, .connect(.checked(.success(Self.report))))
        let choices = ConnectChoices(singleSelectVIN: Self.vin, country: "CA")
        #expect(press(&state, .enter) == [.startConnect(.newConnection(customer: "Jonas"), choices)])
    }

    @Test func anAnswerAboutAnotherVINIsIgnored() {
        var state = Fixtures.state()
        press(&state, .char("n"))
        Self.type(&state, "Hana")
        press(&state, .tab)
        Self.type(&state, "1HGCM82633A004352")
        press(&state, .enter)
        _ = reduce(&state, .connect(.checked(.success(Self.report))))
        #expect(Self.connect(state)?.phase == .checking)
    }

    @Test func aFailedCheckGoesBackToTheForm() {
        var state = Fixtures.state()
        press(&state, .char("n"))
        Self.type(&state, "Hana")
        press(&state, .tab)
        Self.type(&state, Self.vin)
        press(&state, .enter)
        let error = CarportError(.configuration, "Smartcar rejected the client credentials.")
        _ = reduce(&state, .connect(.checked(.failure(error))))
        #expect(Self.connect(state)?.phase == .naming("Hana"))
        #expect(Self.connect(state)?.notice?.contains("rejected the client credentials") == true)
    }
}
