/**
 * The page at `/`: a plain portal page of the demo entity with the widget embedded by the one script tag an entity
 * would paste, so `npm start` shows the chat working as citizens would meet it.
 */
export function demoPage(
  entity: { slug: string; name: string },
  contact: { telefono?: string; direccion?: string },
): string {
  const name = escapeHtml(entity.name);
  return `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name} · Atención al ciudadano</title>
<style>
  body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #f5f6f8; line-height: 1.5; }
  header { background: #0b5394; color: #fff; padding: 1rem 1.5rem; }
  header p { margin: 0; font-size: 0.9rem; }
  header h1 { margin: 0.25rem 0 0; font-size: 1.5rem; }
  main { max-width: 48rem; margin: 0 auto; padding: 1.5rem; }
  section { background: #fff; border-radius: 0.5rem; padding: 1rem 1.5rem; margin-bottom: 1rem; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  h2 { font-size: 1.2rem; color: #0b3d6e; }
  a { color: #0b4a85; }
  footer { text-align: center; font-size: 0.85rem; color: #4a4a4a; padding: 2rem 1rem 6rem; }
</style>
</head>
<body>
<header>
  <p>Portal de demostración de Ventanilla</p>
  <h1>${name}</h1>
</header>
<main>
  <section>
    <h2>Atención al ciudadano</h2>
    <p>Pregunte por trámites y servicios, radique una petición, queja, reclamo, sugerencia o denuncia (PQRSD) y consulte su estado con A.V.A, nuestra asistente virtual. Use el botón de chat en la esquina inferior derecha.</p>
  </section>
  <section>
    <h2>Trámites más consultados</h2>
    <ul>
      <li>Impuesto predial: consulta y pago</li>
      <li>Certificado de residencia</li>
      <li>Licencias de construcción</li>
      <li>Paz y salvo municipal</li>
    </ul>
  </section>
  <section>
    <h2>Contacto</h2>
    <p>${escapeHtml(contact.direccion ?? '')}${contact.telefono ? `<br>Teléfono: ${escapeHtml(contact.telefono)}` : ''}</p>
  </section>
</main>
<footer>Esta página solo muestra cómo se ve el chat dentro del portal de una entidad.</footer>
<script src="/widget.js" data-entity="${escapeHtml(entity.slug)}" defer></script>
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
