// The core's messages (catalog_tables.h): what reduce() says to the worker. Each entry notes its
// arguments; stage and NC texts arrive in the terminal's language, times as local "14:35" or
// "29.11.2026 14:35", a signer as "017 (Иванов И. И.)".
#include "terminal/core/catalog_tables.h"

namespace stampline::terminal {

namespace {

constexpr CatalogEntry kCore[] = {
    // --- refusals of the trail rules: "refusal.<refusal_code>" (shared/trail_rules.h)
    {"refusal.unknown_unit",  // {0} serial
     "Изделие {0} не зарегистрировано: идентификационный лист на него не выпускался",
     "Unit {0} is not registered: no identification sheet was issued for it"},
    {"refusal.sheet_already_issued",  // {0} serial
     "Идентификационный лист на изделие {0} уже выпущен",
     "An identification sheet for unit {0} has already been issued"},
    {"refusal.unknown_product_type",  // {0} product type
     "Типа изделия {0} нет в конфигурации завода",
     "Product type {0} is not in the plant configuration"},
    {"refusal.sheet_superseded",  // {0} scanned version {1} when replaced {2} by whom {3} current
     "Этот экземпляр идентификационного листа (версия {0}) заменён {1}, перепечатал {2}. "
     "Действует версия {3}",
     "This copy of the identification sheet (version {0}) was replaced on {1} by {2}. "
     "Version {3} is current"},
    {"refusal.unknown_sheet_version",  // {0} scanned version {1} latest version
     "Версия листа {0} не выпускалась (последняя — {1})",
     "Sheet version {0} was never printed (the latest is {1})"},
    {"refusal.bad_reprint_version", "Неверная версия перепечатанного листа",
     "Wrong version for a reprinted sheet"},
    {"refusal.actor_missing", "Не указано, кто выполнил действие",
     "Who performed the act is not recorded"},
    {"refusal.unknown_station",  // {0} station id
     "Станции {0} нет в конфигурации завода", "Station {0} is not in the plant configuration"},
    {"refusal.station_not_at_stage",  // {0} station id {1} stage
     "Станция {0} не относится к этапу «{1}»", "Station {0} does not serve the stage “{1}”"},
    {"refusal.stage_not_in_route",  // {0} stage {1} product type
     "Этап «{0}» не входит в маршрут изделия {1}", "Stage “{0}” is not on the route of {1}"},
    {"refusal.no_control_point",  // {0} stage
     "«{0}» — первый этап маршрута: принимать изделие не от кого",
     "“{0}” is the first stage of the route: there is nothing to accept"},
    {"refusal.stage_out_of_order",  // {0} previous stage {1} this stage
     "Предыдущий этап («{0}») не подписан", "The previous stage (“{0}”) is not signed off"},
    {"refusal.stage_already_accepted",  // {0} stage
     "Изделие уже принято на этапе «{0}»", "The unit has already been accepted at stage “{0}”"},
    {"refusal.stage_not_accepted",  // {0} stage
     "Изделие не принято на этапе «{0}» по контрольной точке",
     "The unit has not been accepted at stage “{0}” by its control point"},
    {"refusal.stage_already_signed",  // {0} stage {1} signer {2} when
     "Этап «{0}» уже подписан: клеймо {1}, {2}",
     "Stage “{0}” is already signed off: stamp {1}, {2}"},
    {"refusal.checklist_missing_item",  // {0} check text
     "Нет ответа на проверку «{0}»", "Check “{0}” has no answer"},
    {"refusal.checklist_unknown_item",  // {0} check id
     "Проверки «{0}» нет в перечне контрольной точки",
     "Check “{0}” is not on the control point's checklist"},
    {"refusal.stamp_missing", "Действие должно быть подписано личным клеймом",
     "The act must be signed with a personal stamp"},
    {"refusal.stamp_unknown",  // {0} stamp
     "Клеймо {0} не найдено в реестре клейм", "Stamp {0} is not in the stamp register"},
    {"refusal.stamp_suspended",  // {0} stamp {1} holder
     "Действие клейма {0} ({1}) приостановлено", "Stamp {0} ({1}) is suspended"},
    {"refusal.stamp_revoked",  // {0} stamp {1} holder
     "Клеймо {0} ({1}) аннулировано", "Stamp {0} ({1}) is revoked"},
    {"refusal.stamp_attestation_expired",  // {0} stamp {1} holder {2} due date
     "Аттестация по клейму {0} ({1}) просрочена: срок был {2}",
     "Attestation for stamp {0} ({1}) is overdue: it was due on {2}"},
    {"refusal.stamp_not_covering_stage",  // {0} stamp {1} stage
     "Клеймо {0} не даёт права подписывать этап «{1}»", "Stamp {0} does not cover stage “{1}”"},
    {"refusal.unit_on_hold",  // {0} reason
     "Изделие задержано: {0}", "The unit is on hold: {0}"},
    {"refusal.unit_not_on_hold", "Изделие не задержано", "The unit is not on hold"},
    {"refusal.open_blocking_nc",  // {0} NC code {1} NC text
     "Открыто несоответствие {0} ({1}): его нужно устранить до подписания этапа",
     "Nonconformance {0} ({1}) is open: it must be corrected before the stage is signed off"},
    {"refusal.nc_unknown_code",  // {0} NC code
     "Кода несоответствия {0} нет в классификаторе",
     "Nonconformance code {0} is not in the catalog"},
    {"refusal.nc_unknown_disposition",  // {0} disposition code
     "Решение «{0}» не предусмотрено конфигурацией", "Disposition “{0}” is not configured"},
    {"refusal.nc_origin_not_in_route",  // {0} stage of origin {1} detecting stage
     "Этап возникновения «{0}» не входит в маршрут изделия",
     "The stage of origin “{0}” is not on the unit's route"},
    {"refusal.nc_origin_after_detection",  // {0} stage of origin {1} detecting stage
     "Этап возникновения «{0}» идёт после этапа обнаружения «{1}»",
     "The stage of origin “{0}” comes after the detecting stage “{1}”"},
    {"refusal.nc_not_found", "Это несоответствие не зарегистрировано для данного изделия",
     "This nonconformance is not recorded for this unit"},
    {"refusal.nc_not_open",  // {0} NC code
     "Устранение несоответствия {0} уже записано",
     "A correction of nonconformance {0} is already recorded"},
    {"refusal.nc_not_corrected",  // {0} NC code
     "Несоответствие {0} ещё не устранено: подтверждать нечего",
     "Nonconformance {0} has not been corrected: there is nothing to verify"},
    {"refusal.nc_self_verification",  // {0} stamp {1} holder
     "Устранение подписано клеймом {0} ({1}): подтвердить его должен другой работник",
     "The correction was signed with stamp {0} ({1}): another person must verify it"},
    {"refusal.nc_field_not_traced",
     "Несоответствие из эксплуатации не прослежено до пройденного этапа",
     "The nonconformance found in the field is not traced to a stage the unit passed"},
    {"refusal.clock_behind_unit",
     "Часы терминала отстают: действие датировано раньше предыдущего действия с изделием",
     "The terminal's clock is behind: the act is dated before the unit's previous act"},
    {"refusal.clock_ahead",
     "Часы терминала спешат: действие датировано позже, чем оно дошло до сервера",
     "The terminal's clock is ahead: the act is dated later than it reached the server"},
    {"refusal.id_conflict",
     "Сервер уже получил другую запись с тем же номером: это действие не записано",
     "The server already has another record with the same number: this act was not recorded"},
    {"refusal.invalid_identity",
     "В записи недопустимый номер или код (разрешены только латинские буквы, цифры, «-» и «_»)",
     "The record has a number or code that is not allowed (only A-Z, 0-9, '-', '_')"},
    {"refusal.offline_too_long",
     "Действие дошло до сервера слишком поздно (терминал долго был без связи или его часы "
     "отстают). Запись передана аудитору на проверку",
     "The act reached the server too late (the terminal was offline too long or its clock is "
     "behind). It was passed to an auditor for review"},

    // --- signing in: the badge and the PIN
    {"pin.no_reference", "Нет справочных данных (клейма, маршруты): подключите терминал к серверу",
     "No reference data (stamps, routes) yet: connect the terminal to the server"},
    {"pin.unknown_stamp",  // {0} stamp
     "Клеймо {0} не найдено в реестре клейм", "Stamp {0} is not in the stamp register"},
    {"pin.badge_superseded",  // {0} stamp {1} scanned badge issue {2} current issue
     "Этот бейдж клейма {0} (выпуск {1}) заменён новым (выпуск {2})",
     "This badge of stamp {0} (issue {1}) was replaced by issue {2}"},
    {"pin.badge_unknown_issue",  // {0} stamp {1} scanned badge issue {2} latest known issue
     "Бейдж клейма {0} (выпуск {1}) терминалу ещё неизвестен, последний выпуск — {2}",
     "Badge issue {1} of stamp {0} is not known here yet, the latest is {2}"},
    {"pin.revoked",  // {0} stamp {1} holder
     "Клеймо {0} ({1}) аннулировано", "Stamp {0} ({1}) is revoked"},
    {"pin.suspended",  // {0} stamp {1} holder
     "Действие клейма {0} ({1}) приостановлено", "Stamp {0} ({1}) is suspended"},
    {"pin.attestation_expired",  // {0} stamp {1} holder {2} due date
     "Аттестация по клейму {0} ({1}) просрочена: срок был {2}",
     "Attestation for stamp {0} ({1}) is overdue: it was due on {2}"},
    {"pin.not_covering",  // {0} stamp {1} holder {2} the station's stages
     "Клеймо {0} ({1}) не даёт права подписывать этапы этой станции: {2}",
     "Stamp {0} ({1}) does not cover this station's stages: {2}"},
    {"pin.not_set",  // {0} stamp {1} holder
     "Для клейма {0} ({1}) не задан ПИН-код", "No PIN is set for stamp {0} ({1})"},
    {"pin.locked_out",  // {0} stamp {1} local time the lockout ends
     "Клеймо {0} заблокировано на этом терминале до {1}: слишком много неверных ПИН-кодов",
     "Stamp {0} is locked out at this terminal until {1}: too many wrong PINs"},
    {"pin.wrong",  // {0} attempts left
     "Неверный ПИН-код. Осталось попыток: {0}", "Wrong PIN. Attempts left: {0}"},
    {"pin.too_short",  // {0} minimum digits
     "ПИН-код должен содержать не меньше {0} цифр", "A PIN has at least {0} digits"},

    // --- scans
    // A refused scan says what kind of problem it is (reduce_scan.cpp); the parser's own,
    // English explanation goes to the log. {0} what was read.
    {"scan.empty", "Сканер не передал данных", "The scanner sent no data"},
    {"scan.misread",  // {0}
     "Код «{0}» прочитан с ошибкой", "The code “{0}” was misread"},
    {"scan.sheet_invalid",  // {0}
     "Код листа «{0}» оформлен неверно или для другой версии программы",
     "The sheet code “{0}” is malformed or made for another version of the software"},
    {"scan.badge_invalid",  // {0}
     "Код бейджа «{0}» оформлен неверно", "The badge code “{0}” is malformed"},
    {"scan.gs1_invalid",  // {0}
     "Штрихкод «{0}» не содержит данных идентификационного листа",
     "The barcode “{0}” holds no identification sheet data"},
    {"scan.not_ours",  // {0}
     "«{0}» — не идентификационный лист и не бейдж клейма",
     "“{0}” is neither an identification sheet nor a stamp badge"},
    {"scan.unknown_product",  // {0} product type {1} what was read
     "Изделия типа {0} (код «{1}») нет в конфигурации завода",
     "Product type {0} (code “{1}”) is not in the plant configuration"},
    {"scan.sign_in_first", "Сначала отсканируйте бейдж своего личного клейма и введите ПИН-код",
     "Scan your stamp badge and enter your PIN first"},

    // --- the unit card
    {"unit.loading", "Загрузка данных изделия…", "Loading the unit…"},
    {"unit.source_server", "Данные сервера", "From the server"},
    {"unit.source_cache",
     "Нет связи с сервером: данные из памяти терминала, отметки других станций могут отсутствовать",
     "Offline: the terminal's saved copy, other stations' acts may be missing"},
    {"unit.source_unknown",
     "Нет связи с сервером: изделие здесь не встречалось, предыдущие этапы не проверены",
     "Offline: this unit was never seen here, earlier stages are not checked"},
    {"unit.no_stage_here",  // {0} product name {1} station id
     "В маршруте изделия «{0}» нет этапов станции {1}",
     "The route of “{0}” has no stage of station {1}"},

    // --- forms
    {"form.checks_unanswered",  // {0} checks without an answer
     "Ответьте на все проверки: без ответа — {0}", "Answer every check: {0} without an answer"},
    {"nc.choose_code", "Выберите код несоответствия", "Choose a nonconformance code"},
    {"nc.bad_origin",  // {0} chosen stage {1} detecting stage
     "Этап возникновения «{0}» должен быть в маршруте изделия не позже этапа «{1}»",
     "The stage of origin “{0}” must be on the unit's route, not after “{1}”"},
    {"nc.bad_quantity",  // {0} maximum
     "Количество — от 1 до {0}", "The quantity must be from 1 to {0}"},

    // --- results: {stamp} {holder} {local date and time} close each signature
    {"result.saving", "Сохранение…", "Saving…"},
    {"result.not_saved",  // the outbox's error goes to the log
     "НЕ СОХРАНЕНО: терминал не смог записать отметку",
     "NOT SAVED: the terminal could not write the record"},
    {"result.accepted",  // {0} stage {1} stamp {2} holder {3} when
     "Изделие принято на этапе «{0}»: клеймо {1}, {2}, {3}",
     "Unit accepted at stage “{0}”: stamp {1}, {2}, {3}"},
    {"result.accepted_failed",  // {0} stage {1} failed checks {2} stamp {3} holder {4} when
     "Приёмка на этапе «{0}» записана, не пройдено проверок: {1}. Клеймо {2}, {3}, {4}. "
     "Оформите несоответствие",
     "Control point at stage “{0}” recorded, checks failed: {1}. Stamp {2}, {3}, {4}. "
     "Record the nonconformance"},
    {"result.signed_off",  // {0} stage {1} stamp {2} holder {3} when
     "Этап «{0}» подписан: клеймо {1}, {2}, {3}", "Stage “{0}” signed off: stamp {1}, {2}, {3}"},
    {"result.nc_raised",  // {0} NC code {1} NC text {2} stamp {3} holder {4} when
     "Несоответствие {0} ({1}) зарегистрировано: клеймо {2}, {3}, {4}",
     "Nonconformance {0} ({1}) raised: stamp {2}, {3}, {4}"},
    {"result.nc_corrected",  // {0} NC code {1} stamp {2} holder {3} when
     "Устранение несоответствия {0} записано: клеймо {1}, {2}, {3}",
     "Correction of nonconformance {0} recorded: stamp {1}, {2}, {3}"},
    {"result.nc_verified",  // {0} NC code {1} stamp {2} holder {3} when
     "Устранение несоответствия {0} подтверждено: клеймо {1}, {2}, {3}",
     "Correction of nonconformance {0} verified: stamp {1}, {2}, {3}"},
    {"result.recorded",  // {0} event kind {1} stamp {2} holder {3} when
     "Записано ({0}): клеймо {1}, {2}, {3}", "Recorded ({0}): stamp {1}, {2}, {3}"},
};

}  // namespace

std::span<const CatalogEntry> core_catalog() {
    return kCore;
}

}  // namespace stampline::terminal
