// Marks for start-up profiling (read with performance.getEntriesByType('mark')).
performance.mark('plumbline:script');

// First: makes the system language usable by Intl before any module formats a number.
import './lib/locale';

import { mount } from 'svelte';

import App from './App.svelte';
import { reportFirstPaint } from './lib/first-paint';
import { portfolio } from './lib/portfolio.svelte';
import './styles/theme.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

const app = mount(App, { target });
performance.mark('plumbline:mounted');
// Mounting is synchronous: with the shell's boot data the Portfolio is already in the DOM, so
// the first frame the browser paints is the Portfolio itself.
if (portfolio.loaded) reportFirstPaint();

export default app;
