// Everything that can happen to the terminal, as values: worker input from the views, scans from
// the scanners, answers from the shell's effects and reports from the sync thread. Threads other
// than the UI thread post actions to the ActionQueue (action_queue.h); the UI thread drains it
// each frame into reduce().
#pragma once
#include <string>
#include <variant>
#include <vector>

#include "shared/event.h"
#include "shared/status.h"
#include "terminal/core/app_state.h"

namespace stampline::terminal {

// Time passed (the frame loop sends one per frame): timeouts are judged here.
struct Tick {};
// A complete scan from any scanner: text as read (AIM identifier kept if sent, no terminator).
struct ScanRead {
    std::string text;
    std::string source;  // "keyboard", "virtual", "usb 0c2e:0b61"
};
// A scanner connected or went away (status only).
struct ScannerChanged {
    bool connected = false;
    std::string detail;
};

// PIN pad (on the Pin screen, and on the SignOff screen when pin_on_sign_off).
struct PinDigit { char digit = '0'; };
struct PinErase {};
struct PinSubmit {};
struct PinCancel {};
// The answer to a VerifyPin effect.
struct PinVerified {
    std::string stamp;
    bool ok = false;
};

struct SignOut {};
// Cancel the current form or screen: back to the card (from forms), to the sheet prompt (from
// the card), to the previous screen (from Attention).
struct Back {};

// Unit card actions.
struct StartAcceptance {};
struct SetCheck {
    std::size_t row = 0;
    bool pass = true;
};
struct SubmitAcceptance {};
struct StartSignOff {};
struct ConfirmSignOff {};
struct StartNc {};
struct NcPickCategory { std::string category; };
struct NcPickCode { std::string code; };  // also sets the code's default severity
struct NcSetSeverity { Severity severity = Severity::Minor; };
struct NcSetOrigin { std::string stage; };
struct NcSetQuantity { int quantity = 1; };
struct NcSetDisposition { std::string disposition; };
struct SubmitNc {};
struct StartFollowUp { Uuid nc; };  // correction of an open NC, verification of a corrected one
struct SubmitFollowUp {};
// On-screen keyboard, into the note of the open form.
struct TypeText { std::string utf8; };
struct EraseText {};  // one character (UTF-8 aware)

struct DismissResult {};
struct ShowAttention {};
struct SetLanguage { Language language = Language::Ru; };

// Answers of effects and reports of the sync thread.
struct UnitLoaded {
    std::string serial;
    std::vector<Event> events;  // the trail in order, then this terminal's unsent events
    TrailSource source = TrailSource::Unknown;
};
struct Recorded {
    Uuid event;
    Status status;  // Ok: durable in the outbox; else the outbox write failed and nothing is saved
};
struct ReferenceLoaded { Reference reference; };
struct SyncReport {
    SyncState sync;
    std::vector<AttentionItem> attention;  // the full current list
};

using Action = std::variant<Tick, ScanRead, ScannerChanged, PinDigit, PinErase, PinSubmit,
                            PinCancel, PinVerified, SignOut, Back, StartAcceptance, SetCheck,
                            SubmitAcceptance, StartSignOff, ConfirmSignOff, StartNc,
                            NcPickCategory, NcPickCode, NcSetSeverity, NcSetOrigin,
                            NcSetQuantity, NcSetDisposition, SubmitNc, StartFollowUp,
                            SubmitFollowUp, TypeText, EraseText, DismissResult, ShowAttention,
                            SetLanguage, UnitLoaded, Recorded, ReferenceLoaded, SyncReport>;

}  // namespace stampline::terminal
