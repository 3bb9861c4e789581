// Marks for start-up profiling (read with performance.getEntriesByType('mark')).
performance.mark('plumbline:script');

import { mount } from 'svelte';

import App from './App.svelte';
import './styles/theme.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

const app = mount(App, { target });
performance.mark('plumbline:mounted');

export default app;
