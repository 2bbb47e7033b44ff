// Document names are only known at run time; the SPA fallback page serves this route.
export const prerender = false;
