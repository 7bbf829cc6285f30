// AIM symbology identifiers (ISO/IEC 15424): the "]cm" prefix many scanners put before the data,
// c = symbology letter, m = modifier (digit or letter). "]d2" = GS1 Data Matrix, "]d1" = plain
// Data Matrix, "]Q3" = GS1 QR, "]C1" = GS1-128. The letter is case-sensitive ("]e" GS1 DataBar
// is not "]E" EAN/UPC), so it is never case-folded.
#pragma once

#include <string>
#include <string_view>

namespace stampline {

struct AimSplit {
    std::string symbology;  // "]d2", or "" when the scan has no AIM identifier
    std::string_view body;  // the rest of the scan; a view into the argument of split_aim
};

// Splits a leading "]" + letter + (digit or letter) off scan. Anything else (no ']', a ']' not
// followed by such a pair, fewer than 3 bytes) is no identifier: symbology "" and body == scan.
AimSplit split_aim(std::string_view scan);

// The identifiers whose data is a GS1 element string: ]d2 (GS1 Data Matrix), ]Q3 (GS1 QR),
// ]C1 (GS1-128), ]e0 (GS1 DataBar), ]J1 (GS1 DotCode).
bool aim_is_gs1(std::string_view symbology);

// Identifiers known to carry plain data, not a GS1 element string: ]d0 ]d1 ]d3 ]d4 (Data Matrix),
// ]Q0 ]Q1 ]Q2 ]Q5 ]Q6 (QR), ]C0 ]C2 ]C4 (Code 128), ]A0 (Code 39), ]E0 ]E4 (EAN/UPC), ]I0 (ITF),
// ]L0 (PDF417), ]z0 (Aztec). An identifier in neither list is unknown to this code.
bool aim_is_known_non_gs1(std::string_view symbology);

// For messages: "Data Matrix", "QR Code", "Code 128", ... by the symbology letter; "" when the
// identifier is empty or its letter unknown.
std::string_view aim_symbology_name(std::string_view symbology);

}  // namespace stampline
