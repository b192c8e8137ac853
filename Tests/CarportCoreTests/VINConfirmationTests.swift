import CarportCore
import Testing

@Suite struct VINConfirmationTests {
    static let vehicle = Vehicle(
        id: "v1", connectionId: "c1", make: "FORD", model: "Mustang", year: 2020, vin: "1FA6P8CF5L5100001")

    @Test func promptNamesTheVehicleAndAsksForTheVINsEnd() {
        let confirmation = VINConfirmation(Self.vehicle)
        let prompt = confirmation.prompt(Self.vehicle, customer: "ACME\u{1B}[2J")
        #expect(prompt.hasPrefix("Disconnect FORD Mustang 2020 of ACME\\x1b[2J? "))
        #expect(prompt.hasSuffix("Type the last 6 characters of its VIN to confirm: "))
        #expect(confirmation.accepts(" 100001 ") && confirmation.accepts("100001") && !confirmation.accepts("10000"))
        #expect(confirmation.refusal == "That is not the end of the VIN; nothing was disconnected.")
    }

    @Test func withoutAVINTheIdsEndIsAsked() {
        var vehicle = Self.vehicle
        vehicle.vin = nil
        #expect(VINConfirmation(vehicle).prompt(vehicle, customer: "A").contains("characters of its vehicle id"))
    }
}
