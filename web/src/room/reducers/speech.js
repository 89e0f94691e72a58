// Measured speech and recording: the browser-side twins of rooms/speech/rules.py and recording.py's
// appliers. A viewer who may not see airtime gets windows without figures (and no tallies): nothing to add.
import { reducer } from "../store.js";

const blank = () => ({ seconds: 0, contributions: 0, overlap_seconds: 0, by_phase: {}, contributions_by_phase: {}, first_spoke_at: null });

reducer("ListenerStarted", (s, d) => {
  const sp = s.speech;
  if (!sp) return;
  if (d.gap_start !== null && d.gap_start !== undefined) (sp.gaps ||= []).push({ start: d.gap_start, end: d.at, listener: d.listener });
  Object.assign(sp, { listener: d.listener, overloaded: false });
  if (sp.tallies) Object.assign(sp, { open: {}, overlapping: [], silence_since: null, phase_silence_since: null });
});

reducer("SpeechMeasured", (s, d) => {
  const sp = s.speech;
  if (!sp) return;
  sp.measured_until = d.end;
  if (!d.speakers || !sp.tallies) return; // figures not for this viewer
  for (const [id, delta] of Object.entries(d.speakers)) {
    const t = (sp.tallies[id] ||= blank());
    t.seconds += delta.seconds;
    t.contributions += delta.contributions;
    t.overlap_seconds += delta.overlap_seconds;
    t.by_phase[d.phase_id] = (t.by_phase[d.phase_id] || 0) + delta.seconds;
    if (delta.contributions) t.contributions_by_phase[d.phase_id] = (t.contributions_by_phase[d.phase_id] || 0) + delta.contributions;
    if (t.first_spoke_at === null && delta.seconds > 0) t.first_spoke_at = d.start;
  }
  const p = (sp.phases[d.phase_id] ||= { overlaps: 0, overlap_seconds: 0, longest_silence: 0, interruptions: 0 });
  p.overlaps += d.overlaps;
  p.overlap_seconds += d.overlap_seconds;
  p.longest_silence = Math.max(p.longest_silence, d.phase_longest_silence);
  p.interruptions += d.interruptions.length;
  sp.overlaps += d.overlaps;
  sp.overlap_seconds += d.overlap_seconds;
  sp.overlapping = [...d.overlapping];
  for (const i of d.interruptions) {
    const row = (sp.interruptions[i.by] ||= {});
    row[i.of] = (row[i.of] || 0) + 1;
  }
  sp.open = Object.fromEntries(d.ongoing.map((o) => [o.member_id, { start: o.start, counted_until: o.counted_until }]));
  sp.silence_since = d.silence_since;
  sp.longest_silence = Math.max(sp.longest_silence, d.longest_silence);
  sp.phase_id = d.phase_id;
  sp.phase_silence_since = d.phase_silence_since;
  sp.unanalysed_seconds += d.unanalysed;
});

reducer("ListenerLoadChanged", (s, d) => s.speech && (s.speech.overloaded = d.overloaded));

reducer("RecordingStarted", (s, d) => {
  const sp = s.speech;
  if (!sp) return;
  sp.recordings.push({ id: d.recording_id, started_at: d.at, started_by: d.by, started_by_name: d.by_name, stopped_at: null, stopped_by: "", files: [] });
  sp.recording_id = d.recording_id;
});

reducer("RecordingStopped", (s, d) => {
  const sp = s.speech;
  const rec = sp?.recordings.find((r) => r.id === sp.recording_id);
  if (rec) Object.assign(rec, { stopped_at: d.at, stopped_by: d.by });
  if (sp) sp.recording_id = "";
});

reducer("RecordingDeclined", (s, d) => s.speech?.declined.push(d.member_id));
reducer("RecordingAccepted", (s, d) => s.speech && (s.speech.declined = s.speech.declined.filter((m) => m !== d.member_id)));

reducer("RecordingFileSaved", (s, d) => {
  const rec = s.speech?.recordings.find((r) => r.id === d.recording_id);
  if (rec) rec.files.push({ member_id: d.member_id, name: d.name, seconds: d.seconds, deleted_at: null });
});

// The operator's retention period removed these tracks: listed as deleted, with when.
reducer("RecordingFilesDeleted", (s, d) => {
  const rec = s.speech?.recordings.find((r) => r.id === d.recording_id);
  for (const f of rec?.files ?? []) if (d.names.includes(f.name) && f.deleted_at == null) f.deleted_at = d.at;
});

// The next session counts speech afresh; recordings and refusals stay (rooms/speech/recording.py).
reducer("SpeechCleared", (s) => {
  const old = s.speech;
  if (!old) return;
  const fresh = { listener: old.listener, measured_until: old.measured_until, gaps: [], overloaded: false, recording_id: "", recordings: old.recordings, declined: old.declined };
  if (old.tallies) {
    Object.assign(fresh, { tallies: {}, open: {}, overlaps: 0, overlap_seconds: 0, overlapping: [], interruptions: {}, silence_since: null, longest_silence: 0, phases: {}, phase_id: "", phase_silence_since: null, unanalysed_seconds: 0 });
  }
  s.speech = fresh;
});

/** The running recording, if any (an ended session records nothing). */
export function recordingNow(state) {
  const sp = state?.speech;
  if (!sp?.recording_id || state.ended_at) return null;
  return sp.recordings.find((r) => r.id === sp.recording_id) || null;
}
