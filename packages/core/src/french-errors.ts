// Zod error messages in French for every schema of the product (users read them in reports and API errors).
import { z } from 'zod';

z.config(z.locales.fr());

export { z };
