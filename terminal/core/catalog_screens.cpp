// The screens' labels (catalog_tables.h): titles, buttons and captions of terminal/ui/, as the
// plant says them (личное клеймо, идентификационный лист, этап, контрольная точка,
// несоответствие, устранение). Entries note their arguments.
#include "terminal/core/catalog_tables.h"

namespace stampline::terminal {

namespace {

constexpr CatalogEntry kScreens[] = {
    // --- status bar (every screen)
    {"ui.status.attention", "Внимание: {0}", "Attention: {0}"},  // {0} count
    {"ui.status.online", "На связи", "Online"},
    {"ui.status.offline", "Нет связи", "Offline"},
    {"ui.status.outbox", "очередь: {0}", "queued: {0}"},  // {0} events not yet sent
    {"ui.status.last_sync", "обмен {0}", "synced {0}"},   // {0} local time
    {"ui.status.sending", "Отправка: {0} из {1}", "Sending: {0} of {1}"},
    // Short enough for the status bar's link column (the dot turns amber too).
    {"ui.status.clock_ahead", "Часы спешат на {0} мин", "Clock {0} min ahead"},
    {"ui.status.clock_behind", "Часы отстают на {0} мин", "Clock {0} min behind"},
    // The server's TLS certificate refused (ServerClient::link_problem): call IT.
    {"ui.status.tls_untrusted", "Сертификат сервера не доверен", "Server certificate not trusted"},
    {"ui.status.tls_wrong_host", "Сертификат не для этого адреса", "Certificate: wrong host name"},
    {"ui.status.tls_failed", "Сбой защищённого соединения", "Secure connection failed"},
    {"ui.status.scanner", "Сканер", "Scanner"},
    {"ui.status.scanner_ready", "готов", "ready"},
    {"ui.status.scanner_none", "не подключён", "not connected"},
    {"ui.status.stamp", "Клеймо № {0}", "Stamp No. {0}"},

    // --- shared buttons
    {"ui.back", "Назад", "Back"},
    {"ui.sign_out", "Выйти", "Sign out"},

    // --- idle
    {"ui.idle.language", "English", "Русский"},  // the other language, to switch to it
    {"ui.idle.stages", "Этапы поста: {0}", "Stages here: {0}"},
    {"ui.idle.scan_badge", "Отсканируйте бейдж личного клейма", "Scan your personal stamp badge"},
    {"ui.idle.scan_badge_hint", "Затем введите ПИН-код на экране",
     "Then enter your PIN on the screen"},
    {"ui.idle.no_reference_title", "Нет справочных данных", "No reference data"},
    {"ui.idle.no_reference",
     "Терминал ещё не получил с сервера реестр клейм и маршруты. Вход станет возможен, "
     "как только появится связь с сервером.",
     "The terminal has not yet received the stamp register and the routes from the server. "
     "Signing in will work once the server can be reached."},

    // --- PIN
    {"ui.pin.signing_in", "Вход по личному клейму", "Signing in with a personal stamp"},
    {"ui.pin.stamp", "Клеймо № {0} · бейдж, выпуск {1}",  // {0} stamp {1} badge issue
     "Stamp No. {0} · badge issue {1}"},
    {"ui.pin.enter", "Введите ПИН-код", "Enter your PIN"},
    {"ui.pin.checking", "Проверка ПИН-кода…", "Checking the PIN…"},
    {"ui.pin.hint", "Цифры на экране не показываются. Если это не ваш бейдж, нажмите «Отмена».",
     "The digits are not shown. If this is not your badge, press Cancel."},
    {"ui.pin.erase", "Стереть", "Erase"},
    {"ui.pin.ok", "Войти", "Sign in"},
    {"ui.pin.cancel", "Отмена", "Cancel"},

    // --- sheet prompt
    {"ui.sheet.hello", "Вход выполнен: {0}", "Signed in: {0}"},  // {0} holder
    {"ui.sheet.scan_sheet", "Отсканируйте идентификационный лист изделия",
     "Scan the unit's identification sheet"},
    {"ui.sheet.scan_sheet_hint",
     "Код напечатан на листе, который сопровождает изделие. Копии листа не принимаются.",
     "The code is printed on the sheet that travels with the unit. Copies are refused."},

    // --- unit card
    {"ui.card.serial", "Зав. № {0}", "Serial {0}"},
    {"ui.card.order", "заказ {0}", "order {0}"},
    {"ui.card.source.server", "Данные сервера", "Server data"},
    {"ui.card.source.server_detail", "Маршрут сверен с записями сервера",
     "Route checked against the server's records"},
    {"ui.card.source.cache", "Копия терминала", "Terminal's copy"},
    {"ui.card.source.cache_detail", "Нет связи: отметки других постов могут отсутствовать",
     "Offline: other stations' acts may be missing"},
    {"ui.card.source.unknown", "Нет связи с сервером", "Server unreachable"},
    {"ui.card.source.unknown_detail", "Изделие здесь не встречалось: предыдущие этапы не проверены",
     "Unit not seen here before: earlier stages not checked"},
    {"ui.card.source.loading", "Загрузка…", "Loading…"},
    {"ui.card.source.loading_detail", "Данные изделия запрошены", "The unit's data is on its way"},
    {"ui.card.refreshing", "обновление", "refreshing"},
    {"ui.card.signed", "№ {0} {2} · {1}", "No. {0} {2} · {1}"},  // {0} stamp {1} when {2} surname
    {"ui.card.accepted", "принят: № {0} · {1}", "accepted: No. {0} · {1}"},
    {"ui.card.unchecked", "не проверен", "not checked"},
    {"ui.card.current", "текущий этап", "current stage"},
    {"ui.card.pending", "ожидает", "pending"},
    {"ui.card.on_hold", "ИЗДЕЛИЕ ЗАДЕРЖАНО: подписывать этапы нельзя",
     "UNIT ON HOLD: stages cannot be signed off"},
    {"ui.card.wait_loading", "Загрузка данных изделия…", "Loading the unit…"},
    {"ui.card.no_stage", "В маршруте этого изделия нет этапов этого поста",
     "This unit's route has no stage of this station"},
    {"ui.card.stage_done", "Этап «{0}» подписан", "Stage “{0}” is signed off"},  // {0} stage
    {"ui.card.next_accept", "Этап «{0}»: примите изделие по контрольной точке",
     "Stage “{0}”: accept the unit at the control point"},
    {"ui.card.next_sign_off", "Этап «{0}»: когда операции выполнены, подпишите этап",
     "Stage “{0}”: sign off when the operations are done"},
    {"ui.card.no_open_ncs", "Открытых несоответствий нет", "No open nonconformances"},
    {"ui.card.open_ncs", "Несоответствия, требующие действий: {0}",
     "Nonconformances needing action: {0}"},
    {"ui.card.more_ncs", "…и ещё {0}", "…and {0} more"},
    {"ui.card.nc_open", "открыто", "open"},
    {"ui.card.nc_corrected", "устранено, ждёт подтверждения", "corrected, awaiting verification"},
    {"ui.card.nc_origin", "возникло: {0}", "originated: {0}"},  // {0} stage
    {"ui.card.correct", "Устранить", "Correct"},
    {"ui.card.verify", "Подтвердить", "Verify"},
    {"ui.card.accept", "Принять", "Accept"},
    {"ui.card.sign_off", "Подписать этап", "Sign off stage"},
    {"ui.card.raise_nc", "Несоответствие", "Nonconformance"},

    // --- control point
    {"ui.acceptance.title", "Контрольная точка: {0} → {1}",  // {0} from stage {1} to stage
     "Control point: {0} → {1}"},
    {"ui.acceptance.subtitle", "Изделие {0}: проверьте, что передал этап «{1}»",
     "Unit {0}: check what the stage “{1}” handed over"},
    {"ui.acceptance.yes", "Да", "Yes"},
    {"ui.acceptance.no", "Нет", "No"},
    {"ui.acceptance.submit", "Принять изделие", "Accept the unit"},
    {"ui.acceptance.submit_failed", "Записать: есть замечания", "Record: checks failed"},
    {"ui.acceptance.answer_all", "Ответьте на все проверки", "Answer every check"},

    // --- sign-off
    {"ui.sign_off.title", "Подписание этапа «{0}»", "Sign-off of stage “{0}”"},
    {"ui.sign_off.unit", "Изделие", "Unit"},
    {"ui.sign_off.signer", "Подписывает", "Signed by"},
    {"ui.sign_off.meaning",
     "Подписывая, вы подтверждаете личным клеймом, что операции этапа «{0}» выполнены "
     "полностью и изделие соответствует документации.",
     "By signing you confirm with your personal stamp that the operations of the stage “{0}” "
     "are complete and the unit conforms to its documents."},
    {"ui.sign_off.sign", "Подписать личным клеймом", "Sign with my stamp"},
    {"ui.sign_off.sign_short", "Подписать", "Sign"},
    {"ui.sign_off.stamp", "личное клеймо № {0}", "personal stamp No. {0}"},
    {"ui.sign_off.enter_pin", "Для подписи введите ПИН-код ещё раз",
     "Enter your PIN again to sign"},

    // --- nonconformance
    {"ui.nc.title", "Несоответствие: изделие {0}, этап «{1}»",  // {0} serial {1} stage
     "Nonconformance: unit {0}, stage “{1}”"},
    {"ui.nc.from_failed_check", "Контрольная точка не пройдена: оформите несоответствие",
     "The control point failed: record the nonconformance"},
    {"ui.nc.change_code", "Изменить код", "Change code"},
    {"ui.nc.severity", "Значимость", "Severity"},
    {"ui.severity.minor", "Малозначительное", "Minor"},
    {"ui.severity.major", "Значительное", "Major"},
    {"ui.severity.critical", "Критическое", "Critical"},
    {"ui.nc.quantity", "Количество", "Quantity"},
    {"ui.nc.disposition", "Решение", "Disposition"},
    {"ui.nc.origin", "Этап возникновения", "Stage of origin"},
    {"ui.nc.note", "Примечание", "Note"},
    {"ui.nc.edit_note", "Клавиатура", "Keyboard"},
    {"ui.nc.note_placeholder", "Не обязательно: что именно обнаружено",
     "Optional: what exactly was found"},
    {"ui.nc.note_title", "Примечание к несоответствию", "Note on the nonconformance"},
    {"ui.nc.submit", "Записать несоответствие", "Record nonconformance"},

    // --- correction and verification
    {"ui.follow_up.title_correct", "Устранение несоответствия", "Correcting a nonconformance"},
    {"ui.follow_up.title_verify", "Подтверждение устранения", "Verifying a correction"},
    {"ui.follow_up.raised",  // {0} stamp {1} when {2} stage detected {3} stage of origin
     "Выявлено: клеймо № {0}, {1}, этап «{2}»; возникло на этапе «{3}»",
     "Found: stamp No. {0}, {1}, at “{2}”; originated at “{3}”"},
    {"ui.follow_up.corrected", "Устранено: клеймо № {0}, {1}",  // {0} stamp {1} when
     "Corrected: stamp No. {0}, {1}"},
    {"ui.follow_up.note", "Примечание: {0}", "Note: {0}"},
    {"ui.follow_up.note_correct", "Что сделано для устранения", "What was done to correct it"},
    {"ui.follow_up.note_verify", "Не обязательно: результат проверки",
     "Optional: the result of the check"},
    {"ui.follow_up.submit_correct", "Записать устранение", "Record the correction"},
    {"ui.follow_up.submit_verify", "Подтвердить устранение", "Verify the correction"},

    // --- result
    {"ui.result.recorded", "Записано", "Recorded"},
    {"ui.result.refused", "Отказ", "Refused"},
    {"ui.result.saving", "Сохранение", "Saving"},
    {"ui.result.continue", "Продолжить", "Continue"},

    // --- needs attention
    {"ui.attention.title", "Требует внимания", "Needs attention"},
    {"ui.attention.explain",
     "Эти отметки сервер не принял. Они сохранены и будут разобраны контролёром ОТК.",
     "The server refused these acts. They are kept for a QC auditor to resolve."},
    {"ui.attention.empty", "Отказов сервера нет", "Nothing was refused"},
    {"ui.attention.more", "…и ещё {0}", "…and {0} more"},
    {"ui.attention.reason", "Причина: {0}", "Reason: {0}"},  // {0} short reason
    // Short reasons for the refusal codes the server sends ("ui.refusal.<refusal_code>").
    {"ui.refusal.unknown_unit", "изделие не зарегистрировано", "unit not registered"},
    {"ui.refusal.sheet_already_issued", "лист уже выпущен", "sheet already issued"},
    {"ui.refusal.unknown_product_type", "неизвестный тип изделия", "unknown product type"},
    {"ui.refusal.sheet_superseded", "экземпляр листа заменён", "sheet copy replaced"},
    {"ui.refusal.unknown_sheet_version", "такая версия листа не выпускалась",
     "sheet version never printed"},
    {"ui.refusal.bad_reprint_version", "неверная версия перепечатки", "wrong reprint version"},
    {"ui.refusal.actor_missing", "не указан исполнитель", "no actor recorded"},
    {"ui.refusal.unknown_station", "неизвестный пост", "unknown station"},
    {"ui.refusal.station_not_at_stage", "пост не относится к этапу", "station not at this stage"},
    {"ui.refusal.stage_not_in_route", "этапа нет в маршруте", "stage not on the route"},
    {"ui.refusal.no_control_point", "у первого этапа нет контрольной точки",
     "the first stage has no control point"},
    {"ui.refusal.stage_out_of_order", "предыдущий этап не подписан",
     "previous stage not signed off"},
    {"ui.refusal.stage_already_accepted", "изделие уже принято на этапе",
     "already accepted at this stage"},
    {"ui.refusal.stage_not_accepted", "изделие не принято по контрольной точке",
     "not accepted at the control point"},
    {"ui.refusal.stage_already_signed", "этап уже подписан (возможно, на другом посту)",
     "stage already signed off (perhaps at another station)"},
    {"ui.refusal.checklist_missing_item", "нет ответа на проверку", "a check has no answer"},
    {"ui.refusal.checklist_unknown_item", "проверки нет в перечне", "unknown check"},
    {"ui.refusal.stamp_missing", "нет личного клейма", "no personal stamp"},
    {"ui.refusal.stamp_unknown", "клеймо не найдено в реестре", "stamp not in the register"},
    {"ui.refusal.stamp_suspended", "действие клейма приостановлено", "stamp suspended"},
    {"ui.refusal.stamp_revoked", "клеймо аннулировано", "stamp revoked"},
    {"ui.refusal.stamp_attestation_expired", "аттестация по клейму просрочена",
     "stamp attestation overdue"},
    {"ui.refusal.stamp_not_covering_stage", "клеймо не даёт права на этот этап",
     "stamp does not cover this stage"},
    {"ui.refusal.unit_on_hold", "изделие задержано", "unit on hold"},
    {"ui.refusal.unit_not_on_hold", "изделие не задержано", "unit not on hold"},
    {"ui.refusal.open_blocking_nc", "открыто несоответствие, блокирующее подпись",
     "an open nonconformance blocks the sign-off"},
    {"ui.refusal.nc_unknown_code", "код несоответствия не найден", "unknown nonconformance code"},
    {"ui.refusal.nc_unknown_disposition", "решение не предусмотрено", "unknown disposition"},
    {"ui.refusal.nc_origin_not_in_route", "этапа возникновения нет в маршруте",
     "stage of origin not on the route"},
    {"ui.refusal.nc_origin_after_detection", "этап возникновения позже этапа обнаружения",
     "stage of origin after the detecting stage"},
    {"ui.refusal.nc_not_found", "несоответствие не найдено", "nonconformance not found"},
    {"ui.refusal.nc_not_open", "устранение уже записано", "correction already recorded"},
    {"ui.refusal.nc_not_corrected", "несоответствие ещё не устранено", "not corrected yet"},
    {"ui.refusal.nc_self_verification", "подтверждать должен другой работник",
     "another person must verify"},
    {"ui.refusal.nc_field_not_traced", "не прослежено до этапа", "not traced to a stage"},
    {"ui.refusal.clock_behind_unit", "часы терминала отстают", "terminal clock behind"},
    {"ui.refusal.clock_ahead", "часы терминала спешат", "terminal clock ahead"},
    {"ui.refusal.offline_too_long", "слишком долго без связи", "offline too long"},
    {"ui.refusal.id_conflict", "номер записи уже занят", "record number already used"},
    {"ui.refusal.invalid_identity", "недопустимый номер или код", "number or code not allowed"},
    {"ui.event.sheet_issued", "выпуск листа", "sheet issued"},
    {"ui.event.sheet_reprinted", "перепечатка листа", "sheet reprinted"},
    {"ui.event.stage_accepted", "приёмка по контрольной точке", "control point"},
    {"ui.event.stage_signed_off", "подписание этапа", "stage sign-off"},
    {"ui.event.nc_raised", "несоответствие", "nonconformance"},
    {"ui.event.nc_corrected", "устранение несоответствия", "correction"},
    {"ui.event.nc_verified", "подтверждение устранения", "verification"},
    {"ui.event.unit_held", "задержание изделия", "hold"},
    {"ui.event.unit_released", "снятие задержания", "release"},

    // --- on-screen keyboard
    {"ui.keyboard.erase", "Стереть", "Erase"},
    {"ui.keyboard.space", "Пробел", "Space"},
    {"ui.keyboard.done", "Готово", "Done"},
};

}  // namespace

std::span<const CatalogEntry> screen_catalog() {
    return kScreens;
}

}  // namespace stampline::terminal
