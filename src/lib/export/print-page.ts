/**
 * The printed page box of the app's A4 forms (the ledger, a round's report): A4, margins in
 * millimetres, 第 1 页，共 N 页 at the foot. A print view adds it to the document's head only while
 * its sheet is shown (components/print/PrintPage.svelte): `@page` cannot be scoped to a component,
 * and a named page would not do, since Chromium lays the document out at the default page's width.
 */
export function pageStyle(orientation: 'portrait' | 'landscape', marginMm: number): string {
	return `<style>@page { size: A4 ${orientation}; margin: ${marginMm}mm;
	@bottom-center { content: '第 ' counter(page) ' 页，共 ' counter(pages) ' 页'; font-size: 8pt; } }</style>`;
}

/** A4's printable width in millimetres for the orientation and margins. */
export function printableWidth(orientation: 'portrait' | 'landscape', marginMm: number): number {
	return (orientation === 'portrait' ? 210 : 297) - 2 * marginMm;
}
