import { z } from 'zod';

// Built-in zod messages (wrong type, unknown key, bad enum value) in Simplified Chinese.
z.config(z.locales.zhCN());
