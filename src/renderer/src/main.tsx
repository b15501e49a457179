import { createRoot } from 'react-dom/client';
import { getBridge } from './api/bridge';
import { Root } from './app/Root';
import { renderStats } from './stats';
import './styles.css';
import './a11y/a11y.css';

renderStats(); // the counters exist before the first render, for the benchmark
createRoot(document.getElementById('root')!).render(<Root bridge={getBridge()} />);
