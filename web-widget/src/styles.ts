// All of the widget's CSS, injected into its shadow root. Inherited properties still cross the shadow boundary from
// the portal (through the host element), so .root sets every one that matters. Sizes are in em from a base of at least 16 px: portals
// often set `html { font-size: 62.5% }`, which would shrink rem-based sizes, while em still follows browser zoom and
// a larger default font. Greys are chosen for ≥ 4.5:1 on their backgrounds; the entity's colours are only used as a
// pair (primaryTextColor on primaryColor), whose contrast the server guarantees.
export const STYLES = `
:host { all: initial; }
[hidden] { display: none !important; }
.root {
  --ava-primary: #0b5394;
  --ava-on-primary: #ffffff;
  --ava-text: #1d1d1d;
  --ava-muted: #595959;
  --ava-line: #6b6b6b;
  --ava-error: #b3261e;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: max(1rem, 16px);
  font-weight: 400;
  font-style: normal;
  line-height: 1.5;
  color: var(--ava-text);
  text-align: left;
  text-transform: none;
  text-indent: 0;
  text-shadow: none;
  letter-spacing: normal;
  word-spacing: normal;
  white-space: normal;
  visibility: visible;
  direction: ltr;
  cursor: auto;
}
.root *, .root *::before, .root *::after { box-sizing: border-box; }
/* Positioned parents (.scroller, .msg) keep these 1-px boxes from stretching the panel's scrollable area. */
.sr-only {
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.icon { width: 1.5em; height: 1.5em; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }
button, textarea { font: inherit; color: inherit; margin: 0; }
button { cursor: pointer; }

/* A two-tone ring: visible on the white panel, on the entity colour and on whatever the portal puts behind the launcher. */
:focus-visible { outline: 3px solid var(--ava-text); outline-offset: 2px; box-shadow: 0 0 0 2px #fff; }
.header :focus-visible { outline-color: var(--ava-on-primary); box-shadow: 0 0 0 2px var(--ava-primary); }

.launcher {
  position: fixed; right: 1em; bottom: 1em; z-index: 2147483000;
  width: 3.75em; height: 3.75em; padding: 0; border-radius: 50%;
  display: flex; align-items: center; justify-content: center;
  background: var(--ava-primary); color: var(--ava-on-primary);
  border: 2px solid var(--ava-on-primary);
  box-shadow: 0 0.25em 0.75em rgba(0, 0, 0, 0.35);
}
.launcher .icon { width: 1.75em; height: 1.75em; }
.launcher .icon + .icon, .is-open .launcher .icon:first-child { display: none; }
.is-open .launcher .icon + .icon { display: block; }

.panel {
  position: fixed; right: 1em; bottom: 5.5em; z-index: 2147483000;
  width: min(24em, calc(100vw - 2em)); height: min(40em, calc(100vh - 7em));
  display: flex; flex-direction: column; overflow: hidden;
  background: #fff; border: 1px solid var(--ava-line); border-radius: 0.75em;
  box-shadow: 0 0.5em 2em rgba(0, 0, 0, 0.3);
  animation: ava-in 0.15s ease-out;
}
@keyframes ava-in { from { opacity: 0; transform: translateY(0.5em); } }

.header { background: var(--ava-primary); color: var(--ava-on-primary); padding: 0.5em 0.5em 0.75em 1em; }
.header__row { display: flex; align-items: center; gap: 0.75em; }
.logo { width: 2.5em; height: 2.5em; object-fit: contain; background: #fff; border-radius: 0.25em; flex: none; }
.titles { flex: 1; min-width: 0; }
.title { margin: 0; font-size: 1.125em; font-weight: 700; line-height: 1.3; }
.subtitle { margin: 0; font-size: 0.875em; }
.icon-button {
  flex: none; width: 2.75em; height: 2.75em; padding: 0; border-radius: 0.5em;
  display: inline-flex; align-items: center; justify-content: center;
  background: transparent; border: 2px solid transparent;
}
.advisor {
  margin-top: 0.5em; min-height: 2.75em; padding: 0.25em 1em; border-radius: 1.375em;
  background: transparent; color: var(--ava-on-primary); border: 2px solid var(--ava-on-primary); font-weight: 600;
}
.advisor:hover, .header .icon-button:hover { background: rgba(255, 255, 255, 0.15); }

.scroller { position: relative; flex: 1; min-height: 0; overflow-y: auto; overscroll-behavior: contain; padding: 1em; }
.scroller:focus-visible { outline-offset: -3px; box-shadow: none; }
.intro { margin-bottom: 1em; padding: 0.75em 1em; background: #f5f6f7; border-left: 4px solid var(--ava-line); border-radius: 0.25em; }
.intro p { margin: 0; }
.intro p + p { margin-top: 0.5em; }
.intro__text, .msg__text { white-space: pre-wrap; overflow-wrap: anywhere; }
a { color: inherit; text-decoration: underline; text-underline-offset: 0.15em; }
.unavailable { margin: 0; font-weight: 600; }
.unavailable:not(:empty) { padding: 1em; }

.log { display: flex; flex-direction: column; gap: 0.5em; }
.msg { position: relative; max-width: 85%; padding: 0.5em 0.75em; border-radius: 0.75em; border: 2px solid transparent; }
.msg--bot, .msg--agent { align-self: flex-start; background: #eef0f2; border-bottom-left-radius: 0.125em; }
.msg--agent { border-left: 0.25em solid var(--ava-primary); }
.msg__author { display: block; font-weight: 600; font-size: 0.85em; margin-bottom: 0.2em; }
.msg--citizen { align-self: flex-end; background: var(--ava-primary); color: var(--ava-on-primary); border-bottom-right-radius: 0.125em; }
.msg--pending, .msg--failed { background: #fff; color: var(--ava-text); border: 2px dashed var(--ava-line); }
.msg--failed { border: 2px solid var(--ava-error); }
.msg__files { list-style: none; margin: 0; padding: 0; }
.msg__file { display: flex; align-items: center; gap: 0.25em; overflow-wrap: anywhere; }
.msg__file .icon { width: 1.25em; height: 1.25em; flex: none; }
.msg__meta { display: block; margin-top: 0.125em; font-size: 0.8125em; text-align: right; }
.msg--bot .msg__meta, .msg--agent .msg__meta, .msg--pending .msg__meta { color: var(--ava-muted); }
.msg__state::before { content: " · "; }
.msg--failed .msg__state { display: block; color: var(--ava-error); font-weight: 600; text-align: left; }
.msg--failed .msg__state::before { content: none; }

.options { display: flex; flex-wrap: wrap; gap: 0.5em; max-width: 100%; }
.option {
  min-height: 2.75em; padding: 0.375em 1em; border-radius: 1.375em; text-align: left;
  background: #fff; color: var(--ava-text); border: 2px solid var(--ava-line);
}
.option:hover { background: #eef0f2; }

.typing:not(:empty), .connection:not(:empty), .notice:not(:empty) { padding: 0.375em 1em; font-size: 0.875em; }
.typing { color: var(--ava-muted); font-style: italic; }
.typing:not(:empty)::after { content: ""; display: inline-block; width: 1.5em; margin-left: 0.25em; height: 0.4em; background: radial-gradient(circle, currentColor 40%, transparent 45%) 0 50% / 0.5em 0.4em repeat-x; animation: ava-pulse 1.2s ease-in-out infinite; vertical-align: middle; }
@keyframes ava-pulse { 50% { opacity: 0.3; } }
.connection:not(:empty) { background: #fff4ce; border-top: 2px solid #8a6d00; }
.notice:not(:empty) { background: #fdecea; color: var(--ava-error); border-top: 2px solid var(--ava-error); font-weight: 600; }

.composer { display: flex; align-items: flex-end; gap: 0.5em; padding: 0.5em; border-top: 1px solid var(--ava-line); }
.input {
  flex: 1; min-width: 0; min-height: 2.75em; max-height: 9em; resize: none;
  padding: 0.5em 0.75em; border: 2px solid var(--ava-line); border-radius: 0.5em; background: #fff; line-height: 1.5;
}
.input::placeholder { color: var(--ava-muted); opacity: 1; }
.input[aria-invalid="true"] { border-color: var(--ava-error); }
.attach { border-color: var(--ava-line); background: #fff; }
.attach:hover { background: #eef0f2; }
.send {
  flex: none; min-width: 2.75em; height: 2.75em; padding: 0 1em; border-radius: 0.5em; font-weight: 700;
  background: var(--ava-primary); color: var(--ava-on-primary); border: 2px solid var(--ava-primary);
}
.counter { margin: 0; padding: 0 0.75em; font-size: 0.875em; color: var(--ava-muted); }
.counter:not(:empty) { padding-bottom: 0.5em; }
.counter.is-over { color: var(--ava-error); font-weight: 600; }

/* Phones (and desktops zoomed to 200 % or more): the panel is the whole screen, and the launcher hides under it. */
@media (max-width: 30em), (max-height: 32em) {
  .panel { inset: 0; width: auto; height: auto; border: 0; border-radius: 0; }
  .is-open .launcher { display: none; }
}
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation: none !important; transition: none !important; }
}
/* Windows high-contrast themes drop backgrounds: keep bubbles and buttons outlined. */
@media (forced-colors: active) {
  .msg, .option, .launcher, .send, .advisor, .icon-button { border: 2px solid CanvasText; }
}
`;
