// Drag and drop onto the upload zone: the dropped file goes into the form's file input, so the same
// multipart form (which works without JavaScript) sends it.
const zone = document.getElementById('zone-depot');
const input = document.getElementById('fichier') as HTMLInputElement | null;
if (zone && input) {
  const on = (names: string[], fn: (e: DragEvent) => void) => {
    for (const n of names) zone.addEventListener(n, fn as EventListener);
  };
  on(['dragenter', 'dragover'], (e) => {
    e.preventDefault();
    zone.classList.add('is-dragging');
  });
  on(['dragleave', 'drop'], () => zone.classList.remove('is-dragging'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    const files = e.dataTransfer?.files;
    if (files && files.length > 0) input.files = files;
  });
}
