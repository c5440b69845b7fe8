import Foundation
import Testing

@testable import StetQRCode

@Suite("QR codes")
struct QRCodeTests {
    @Test("A check code becomes a greyscale PNG with a quiet zone, the same bytes every time")
    func png() throws {
        let code = "SOP-0001 v2 3f9a1c0b c3"
        let png = try #require(QRCode.png(code))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(Array(png[12..<16]) == Array("IHDR".utf8))
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
        #expect(width % 4 == 0 && width >= (21 + 8) * 4, "modules of 4 pixels, version 1 or more, quiet zone")
        #expect(QRCode.png(code) == png)
        #expect(PNG.crc32(Array("IEND".utf8)) == 0xAE42_6082, "the IEND chunk's well-known CRC")
        #expect(PNG.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
    }

    @Test(
        "A phone-style reader reads the check code back",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/zbarimg")))
    func readBack() throws {
        let code = "SOP-0001 v2 3f9a1c0b c3"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(try #require(QRCode.png(code))).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/zbarimg")
        process.arguments = ["-q", "--raw", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == code)
    }
}
