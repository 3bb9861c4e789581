// Marks for start-up profiling (read with performance.getEntriesByType('mark')): imports run
// first, so this one comes after every module has run; lib/locale.ts marks when they loaded.
performance.mark('plumbline:script');

// First: makes the system language usable by Intl before any module formats a number.
import './lib/locale';

import { mount } from 'svelte';

import App from './App.svelte';
import { bootFont } from './ipc';
import { applyDesktopFont } from './lib/desktop-font';
import './styles/theme.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// Before the first style pass, so the page resolves its fonts once.
applyDesktopFont(bootFont());
mount(App, { target });
performance.mark('plumbline:mounted');
