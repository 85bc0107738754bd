/**
 * German strings. Pass them to the provider: `provider.strings = de`, or set `locale="de"` and the
 * widget loads this module on demand.
 */
import type { OffboardStrings } from '../strings.js';

const geraete = (n: number) => `${n} ${n === 1 ? 'Gerät' : 'Geräte'}`;
/** Eine Wartezeit, bis zwei Minuten in Sekunden, sonst in Minuten. */
const inZeit = (s: number) => (s < 120 ? `${s} s` : `${Math.ceil(s / 60)} min`);

const setupProblem = 'Diese Seite ist nicht für den Offboarding-Dienst eingerichtet. Informieren Sie die IT.';

export const de: OffboardStrings = {
  buttonLabel: 'Geräte offboarden',
  buttonLabelWithCount: (n) => `Geräte offboarden (${n})`,
  loading: 'Geräte werden geladen…',
  notAllowed: 'Sie dürfen die Geräte dieser Person nicht verwalten.',
  dialogTitle: (employee) => `${employee} offboarden`,
  dialogDescription: (n) =>
    n === 1
      ? 'Dieses Gerät ist der Person in Hexnode zugewiesen. Die Aktion wird sofort gesendet.'
      : `Diese ${n} Geräte sind der Person in Hexnode zugewiesen. Die Aktion wird sofort gesendet.`,
  devicesLegend: 'Geräte',
  lastSeen: (when) => `Zuletzt gesehen ${when}`,
  neverSeen: 'Nie gemeldet',
  serial: (serial) => `Seriennummer ${serial}`,
  warningOffline: (days) => `Seit ${days} ${days === 1 ? 'Tag' : 'Tagen'} offline`,
  warningShared: 'Geteiltes Gerät',
  warningPending: (action) => `Ausstehend: ${action}`,
  warningNotEnrolled: 'Nicht registriert',
  ownership: {
    corporate: 'Firmengerät',
    personal: 'Privatgerät (BYOD)',
    unknown: 'Eigentum unbekannt',
  },
  tooManyDevices: (max) => `Wählen Sie höchstens ${max} Geräte für eine Aktion.`,
  noDeviceSelected: 'Wählen Sie mindestens ein Gerät.',
  actionLegend: 'Aktion',
  actionNames: {
    lock: 'Sperren',
    wipe: 'Löschen',
    wipe_corporate: 'Firmendaten löschen',
    wipe_complete: 'Vollständig löschen',
    clear_passcode: 'Code entfernen',
    lost_mode: 'Verloren-Modus',
    disenroll: 'Abmelden',
    reassign: 'Neu zuweisen',
    mark_disenrolled: 'Als abgemeldet markieren',
  },
  consequences: {
    lock: 'Sperrt den Bildschirm. Umkehrbar: die IT kann entsperren.',
    wipe: 'Löscht das Gerät.',
    wipe_corporate: 'Entfernt Firmen-Apps, -Daten und die Verwaltung; private Daten bleiben.',
    wipe_complete: 'Löscht alles auf dem Gerät und setzt es zurück. Nicht umkehrbar.',
    clear_passcode: 'Entfernt den Code, damit die IT das Gerät öffnen kann.',
    lost_mode: 'Sperrt das Gerät und zeigt eine Nachricht, bis die IT es freigibt.',
    disenroll: 'Entfernt das Gerät aus Hexnode. Es wird nicht mehr verwaltet.',
    reassign: 'Übergibt das Gerät an ein Pool-Konto. Es bleibt im Einsatz.',
    mark_disenrolled: 'Entfernt das Gerät aus der Liste von Hexnode, ohne auf seine Meldung zu warten.',
  },
  actionDone: {
    lock: 'Gesperrt',
    wipe: 'Gelöscht',
    wipe_corporate: 'Firmendaten gelöscht',
    wipe_complete: 'Vollständig gelöscht',
    clear_passcode: 'Code entfernt',
    lost_mode: 'Verloren-Modus',
    disenroll: 'Abgemeldet',
    reassign: 'Neu zugewiesen',
    mark_disenrolled: 'Als abgemeldet markiert',
  },
  mixedDone: 'Offboardet',
  mixedAction: 'Offboarden',
  reassignTo: (target) => `Neu zuweisen an ${target}`,
  reassignConsequence: (employee, target) =>
    `Bleibt im Einsatz; die Daten und Richtlinien von ${employee} werden entfernt; ${target} übernimmt es.`,
  personalDisenroll: 'Firmendaten und Verwaltung entfernen',
  personalDisenrollConsequence:
    'Entfernt Firmen-Apps, Firmendaten und die Verwaltung. Private Daten bleiben.',
  deviceAction: (device) => `Aktion für ${device}`,
  emailNotes: {
    non_ascii_local_part:
      'Die Adresse enthält vor dem @ Zeichen außerhalb von ASCII; sie wurde nur exakt verglichen, nie mit einer ähnlich aussehenden Adresse.',
    not_normalized:
      'Die Adresse ändert sich bei Unicode-Normalisierung und kann wie eine andere aussehen; sie wurde nur exakt verglichen.',
  },
  followUpHint: 'Das Gerät hat sich nicht gemeldet, um die Abmeldung abzuschließen.',
  notOffered: {
    personal_device: 'ein Privatgerät wird nie gelöscht',
    ownership_unknown: 'Hexnode nennt den Eigentümer nicht, daher wird es nicht gelöscht',
    corporate_wipe_unconfigured: 'das Löschen von Firmendaten ist nicht eingerichtet',
    not_shared: 'nur geteilte Geräte können neu zugewiesen werden',
    no_reassign_target: 'kein Pool-Konto ist dafür eingerichtet',
    not_pending_disenroll: 'seine Abmeldung steht nicht aus',
    not_enabled: 'diese Aktion ist nicht erlaubt',
  },
  refusal: (device, action, reason) => `${device}: ${action} abgelehnt, ${reason}.`,
  retryIn: (seconds) => `Versuchen Sie es in ${seconds} s erneut.`,
  waitingTitle: 'Warten auf Hexnode',
  waiting: {
    window: (s) => `Hexnode erlaubt 30 Aufrufe pro Minute: wird in ${inZeit(s)} gesendet.`,
    day: (s) => `Die Hexnode-Aufrufe für heute sind verbraucht: wird in ${inZeit(s)} gesendet.`,
    throttled: (s) => `Hexnode bittet zu warten: wird in ${inZeit(s)} gesendet.`,
  },
  notSentYet: 'Es wurde noch nichts gesendet.',
  reasonLabel: 'Grund (wird im Audit-Log gespeichert)',
  confirmLabel: (text) => `Zur Bestätigung ${text} eingeben`,
  cancel: 'Abbrechen',
  close: 'Schließen',
  back: 'Zurück',
  retry: 'Erneut versuchen',
  submit: (action, n) => `${action}: ${geraete(n)}`,
  submitting: 'Wird gesendet…',
  historyTitle: 'Bereits offboardet',
  historyEntry: (action, date, actor, n) => `${action} am ${date} von ${actor} (${geraete(n)})`,
  repeatConfirm: 'Ich weiß, trotzdem erneut ausführen',
  notFoundTitle: 'Nicht in Hexnode',
  notFound: (email) => `Kein Hexnode-Benutzer hat die E-Mail ${email}. Es wurde nichts gesendet.`,
  indexing: (read, total) => `Hexnode wird indiziert: ${read} von ${total} Seiten`,
  devicesAsOf: (time) => `Geräte, Stand ${time}`,
  noDevicesTitle: 'Keine Geräte',
  noDevices: (email) => `Der Hexnode-Benutzer ${email} hat keine Geräte. Nichts zu tun.`,
  ambiguousTitle: 'Mehrere Hexnode-Benutzer',
  ambiguous: (email, n) =>
    `${n} Hexnode-Benutzer haben die E-Mail ${email}. Bitten Sie die IT, das in Hexnode zu klären; es wurde nichts gesendet.`,
  sentTitle: 'An Hexnode gesendet',
  doneTitle: 'Erledigt',
  partialTitle: 'Teilweise erledigt',
  failedTitle: 'Fehlgeschlagen',
  progress: (done, total) => `${done} von ${geraete(total)} erledigt.`,
  partial: (failed, total) => `${failed} von ${geraete(total)} fehlgeschlagen. Informieren Sie die IT.`,
  timedOut: 'Noch ausstehend. Hexnode führt die Aktion aus, sobald sich jedes Gerät meldet.',
  deviceStatus: {
    pending: 'Wartet, bis sich das Gerät meldet',
    in_progress: 'Läuft',
    done: 'Erledigt',
    failed: 'Fehlgeschlagen',
  },
  heldJob: (action, n, by) =>
    `Ein Kündigungsauftrag wartet auf eine zweite Person: ${action} für ${geraete(n)}, beantragt von ${by}.`,
  heldJobYours: 'Eine andere Person muss ihn freigeben.',
  approveJob: 'Freigeben',
  rejectJob: 'Ablehnen',
  errorTitle: 'Etwas ist schiefgegangen',
  errors: {
    unauthenticated: 'Ihre Sitzung ist abgelaufen. Laden Sie die Seite neu und melden Sie sich an.',
    session_expired: 'Ihre Sitzung ist abgelaufen. Laden Sie die Seite neu.',
    forbidden: 'Das dürfen Sie nicht.',
    origin_not_allowed: setupProblem,
    csrf_header_missing: setupProblem,
    base_path_mismatch: setupProblem,
    rate_limited: 'Zu viele Anfragen. Warten Sie eine Minute und versuchen Sie es erneut.',
    limit_exceeded: 'Das würde ein Sicherheitslimit überschreiten. Fragen Sie die IT.',
    hexnode_unavailable: 'Hexnode antwortet nicht. Versuchen Sie es in ein paar Minuten erneut.',
    hexnode_busy: 'Hexnode ist gerade ausgelastet. Es wurde nichts gesendet.',
    session_not_yet_valid:
      'Ihre Sitzung ist noch nicht gültig. Prüfen Sie die Uhr des Computers und versuchen Sie es erneut.',
    action_not_offered: 'Eine Aktion ist für ein Gerät nicht verfügbar. Es wurde nichts gesendet.',
    hexnode_misconfigured: 'Die Hexnode-Verbindung ist falsch eingerichtet. Informieren Sie die IT.',
    confirmation_mismatch: 'Der Bestätigungstext stimmt nicht.',
    reason_required: 'Geben Sie einen Grund an.',
    device_not_owned: 'Ein Gerät gehört nicht mehr dieser Person. Schließen und erneut öffnen.',
    already_offboarded: 'Die Person wurde inzwischen offboardet. Schließen und erneut öffnen.',
    network_error:
      'Das Netzwerk ist nicht erreichbar. Prüfen Sie die Verbindung und versuchen Sie es erneut.',
    invalid_response: 'Der Server hat eine unverständliche Antwort geschickt.',
  },
  errorGeneric: 'Die Anfrage ist fehlgeschlagen.',
  supportCode: (code) => `Support-Code: ${code}`,
};

export default de;
