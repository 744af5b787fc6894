#!/usr/bin/env python3
# CPU per thread of a running process over a window: python3 tools/thread_cpu.py PID [SECONDS]
# (sums /proc/PID/task/*/stat utime+stime by thread name; how the README's per-thread profile of the agent was taken).
import os, sys, time
pid=int(sys.argv[1]); secs=float(sys.argv[2]) if len(sys.argv)>2 else 20
tck=os.sysconf('SC_CLK_TCK')
def snap():
    d={}
    for t in os.listdir(f'/proc/{pid}/task'):
        try:
            s=open(f'/proc/{pid}/task/{t}/stat').read()
            comm=s[s.index('(')+1:s.rindex(')')]
            f=s[s.rindex(')')+2:].split()
            d[t]=(comm,int(f[11])+int(f[12]))
        except Exception: pass
    return d
a=snap(); t0=time.time(); time.sleep(secs); b=snap(); dt=time.time()-t0
rows=[]
for t,(c,v) in b.items():
    v0=a.get(t,(c,0))[1]
    rows.append(((v-v0)/tck/dt,c,t))
rows.sort(reverse=True)
tot=sum(r[0] for r in rows)
print(f'total {tot:.4f} cores over {dt:.1f}s, {len(rows)} threads')
agg={}
for r in rows: agg[r[1]]=agg.get(r[1],0)+r[0]
for c,v in sorted(agg.items(), key=lambda x:-x[1]):
    if v>0.0005: print(f'{v:8.4f}  {c}')
