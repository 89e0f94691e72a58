// Before joining: the room's name and your role, your name, a camera and microphone preview with the
// choice of devices, and the code of conduct to accept.
import { $, fill, h, showScreen } from "../dom.js";
import { roleLabel } from "./views/people.js";

export async function prejoin(info, local, enter) {
  showScreen("screen-prejoin");
  $("#prejoin-title").textContent = info.title;
  $("#prejoin-role").textContent = roleLabel(info.role);
  $("#name").value = localStorage.getItem("pg:name") || "";
  if (info.code_of_conduct) {
    $("#coc").hidden = false;
    $("#coc-text").textContent = info.code_of_conduct;
    $("#coc-accept").required = true;
  }
  const observer = info.role === "observer";
  $(".preview").hidden = observer;
  for (const el of document.querySelectorAll(".prejoin-fields select, .prejoin-fields label[for$=device]")) el.hidden = observer;
  $("#pre-mic").onclick = () => local.toggle("audio");
  $("#pre-cam").onclick = () => local.toggle("video");
  $("#join-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const name = $("#name").value.trim();
    if (!name) return;
    localStorage.setItem("pg:name", name);
    $("#join-button").disabled = true;
    await mediaReady; // joining never waits for a camera that is refused: start() settles either way
    enter(name);
  });
  const mediaReady = observer ? Promise.resolve() : local.start();
  if (!observer) {
    local.addEventListener("change", () => renderPreview(local));
    await mediaReady;
    renderPreview(local);
    await fillDeviceSelects(local);
  }
  $("#name").focus();
}

function renderPreview(local) {
  const video = $("#preview");
  if (video.srcObject !== local.stream) video.srcObject = local.stream;
  setPressed($("#pre-mic"), local.audioOn && !!local.audioTrack, "Mic on", local.audioTrack ? "Mic off" : "No mic");
  setPressed($("#pre-cam"), local.videoOn && !!local.videoTrack, "Camera on", local.videoTrack ? "Camera off" : "No camera");
  $("#pre-mic").disabled = !local.audioTrack;
  $("#pre-cam").disabled = !local.videoTrack;
  $("#preview-off").hidden = local.videoOn && !!local.videoTrack;
  $("#media-error").hidden = !local.error;
  $("#media-error").textContent = local.error;
}

export function setPressed(button, on, onText, offText) {
  button.setAttribute("aria-pressed", String(on));
  button.classList.toggle("off", !on);
  const label = button.querySelector(".label") || button;
  label.textContent = on ? onText : offText;
}

export async function fillDeviceSelects(local) {
  const devices = await local.devices();
  for (const select of document.querySelectorAll("select[data-kind]")) {
    const kind = select.dataset.kind;
    const current = kind === "audio" ? local.audioDevice : local.videoDevice;
    fill(
      select,
      devices[kind].map((d, i) => h("option", { value: d.deviceId, selected: d.deviceId === current }, d.label || `${kind === "audio" ? "Microphone" : "Camera"} ${i + 1}`)),
    );
    select.onchange = () => local.use(kind, select.value);
  }
}
